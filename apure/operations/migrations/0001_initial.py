# AttemptWindow moved here from www_accounts (the site's rate limit is operations, not a page).
# The table already exists: this migration only takes the model over in Django's state, on the
# old table name; 0002 then renames the table. www_accounts 0002 forgets the model.

from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('www_accounts', '0001_attempt_window'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='AttemptWindow',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('key', models.CharField(max_length=64, unique=True)),
                        ('count', models.PositiveIntegerField(default=0)),
                        ('window_ends', models.DateTimeField(db_index=True)),
                    ],
                    options={
                        'verbose_name': 'fenêtre de tentatives',
                        'db_table': 'www_accounts_attemptwindow',
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
