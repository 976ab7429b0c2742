#!/bin/sh
# Alertmanager's entrypoint in compose.yaml: Slack by severity, and the store's business signals to the store's channel. A
# Slack app's incoming webhook posts to one channel only, so each receiver has its own: secrets/slack/critico
# (#minimarket-critico), alto (#minimarket-alto), medio (#minimarket-medio), tienda (#minimarket-tienda), each optional; a
# channel without its own file uses secrets/slack/default. They are copied to
# where alertmanager.yml reads them (api_url_file), then Alertmanager starts with the arguments given. With no webhook at
# all it does not start: alerts would reach nobody. The paths can be changed for a test (SLACK_WEBHOOKS, SLACK_FILES,
# ALERTMANAGER).
set -eu
from="${SLACK_WEBHOOKS:-/run/slack}"
to="${SLACK_FILES:-/tmp/slack}"
mkdir -p "$to"
for channel in critico alto medio tienda; do
  if [ -s "$from/$channel" ]; then
    source="$from/$channel"
  elif [ -s "$from/default" ]; then
    source="$from/default"
  else
    echo "slack-webhooks: no webhook for channel '$channel': create secrets/slack/$channel or secrets/slack/default (see secrets/README.md)" >&2
    exit 1
  fi
  cp "$source" "$to/$channel"
  echo "slack-webhooks: $channel <- ${source##*/}"
done
exec "${ALERTMANAGER:-/bin/alertmanager}" "$@"
