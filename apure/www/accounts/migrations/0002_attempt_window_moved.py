# AttemptWindow moved to apure.operations (operations 0001 took it over on the same table):
# forget it here without touching the table.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('www_accounts', '0001_attempt_window'),
        ('operations', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='AttemptWindow')],
            database_operations=[],
        ),
    ]
