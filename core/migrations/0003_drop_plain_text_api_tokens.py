# API tokens moved from rest_framework.authtoken, which stored them in plain text, to
# django-rest-knox, which stores a hash. The old table is no longer used: drop it, and the
# tokens in it, so that no plain-text token is left behind.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("core", "0002_background_exports")]

    operations = [
        migrations.RunSQL("DROP TABLE IF EXISTS authtoken_token", migrations.RunSQL.noop),
    ]
