#!/bin/sh
# Alertmanager's entrypoint in compose.yaml: Slack by severity. A Slack app's incoming webhook posts to one channel only,
# so each receiver has its own: secrets/slack/critico (#minimarket-critico), alto (#minimarket-alto), medio
# (#minimarket-medio), each optional; a severity without its own file uses secrets/slack/default. They are copied to
# where alertmanager.yml reads them (api_url_file), then Alertmanager starts with the arguments given. With no webhook at
# all it does not start: alerts would reach nobody. The paths can be changed for a test (SLACK_WEBHOOKS, SLACK_FILES,
# ALERTMANAGER).
set -eu
from="${SLACK_WEBHOOKS:-/run/slack}"
to="${SLACK_FILES:-/tmp/slack}"
mkdir -p "$to"
for severity in critico alto medio; do
  if [ -s "$from/$severity" ]; then
    source="$from/$severity"
  elif [ -s "$from/default" ]; then
    source="$from/default"
  else
    echo "slack-webhooks: no webhook for severity '$severity': create secrets/slack/$severity or secrets/slack/default (see secrets/README.md)" >&2
    exit 1
  fi
  cp "$source" "$to/$severity"
  echo "slack-webhooks: $severity <- ${source##*/}"
done
exec "${ALERTMANAGER:-/bin/alertmanager}" "$@"
