#!/usr/bin/env bash
# Schemathesis over the whole API schema, served by gunicorn with the production settings:
# every check, the stateful phase (links between operations) included, bounded in examples.
# Once anonymous, once as an editor with a token.
#
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/tariff_fuzz bash bench/fuzz_api.sh [EXAMPLES]
#
# The database is migrated and loaded with the demo; use one made for the run.
set -euo pipefail
cd "$(dirname "$0")/.."

EXAMPLES=${1:-10}
PORT=${PORT:-8765}
PY=.venv/bin/python
: "${DATABASE_URL:?set DATABASE_URL to a database made for the run}"

export DJANGO_SETTINGS_MODULE=config.settings.production
export DJANGO_SECRET_KEY=${DJANGO_SECRET_KEY:-fuzz-run-$(date +%s)-not-a-secret}
export DJANGO_ALLOWED_HOSTS=127.0.0.1
# Plain HTTP on loopback: no redirect to https; the fuzzer is one client, not throttled.
export DJANGO_SECURE_SSL_REDIRECT=false DJANGO_PROXY_COUNT=0 API_ANON_RATE=100000/minute
export DJANGO_STATIC_ROOT=${DJANGO_STATIC_ROOT:-$(mktemp -d)}

$PY manage.py migrate --no-input -v 0
$PY manage.py load_demo >/dev/null
$PY manage.py collectstatic --no-input -v 0
$PY manage.py shell -c "
from django.contrib.auth.models import Group
from django.contrib.auth import get_user_model
from core.groups import EDITOR
user, _ = get_user_model().objects.get_or_create(username='fuzz-editor')
user.groups.add(Group.objects.get(name=EDITOR))
"
TOKEN=$($PY manage.py create_api_token fuzz-editor 2>/dev/null | tail -1)

DJANGO_LOG_LEVEL=ERROR .venv/bin/gunicorn config.wsgi --bind "127.0.0.1:$PORT" --workers 2 --log-level warning &
SERVER=$!
trap 'kill $SERVER' EXIT
SCHEMA="http://127.0.0.1:$PORT/api/v1/schema/?format=json"

run() {
    # Logging out would revoke the editor's token for every later case.
    .venv/bin/schemathesis run "$SCHEMA" --wait-for-schema 30 --checks all \
        --phases examples,coverage,fuzzing,stateful --max-examples "$EXAMPLES" \
        --exclude-path-regex '/auth/logout' --workers 1 "$@"
}

failed=0
echo "== anonymous"
run || failed=1
echo "== editor"
run -H "Authorization: Token $TOKEN" || failed=1
exit $failed
