# The table of the moved model takes the name of its app (operations_attemptwindow).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('operations', '0001_initial'),
        ('www_accounts', '0002_attempt_window_moved'),
    ]

    operations = [
        migrations.AlterModelTable(name='attemptwindow', table=None),
    ]
