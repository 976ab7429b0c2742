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
# The Watchdog heartbeat (secrets/slack/heartbeat, optional): the config is copied with the URL in place of the
# placeholder, or without the heartbeat block, and Alertmanager reads the copy.
config=""
for argument in "$@"; do
  case "$argument" in --config.file=*) config="${argument#--config.file=}" ;; esac
done
if [ -n "$config" ]; then
  [ -r "$config" ] || { echo "slack-webhooks: cannot read $config" >&2; exit 1; }
  if [ -s "$from/heartbeat" ]; then
    url=$(head -n 1 "$from/heartbeat")
    case "$url" in
      *[\"\ \\]*) echo "slack-webhooks: secrets/slack/heartbeat has quotes, spaces or backslashes: not a URL" >&2; exit 1 ;;
      https://* | http://*) ;;
      *) echo "slack-webhooks: secrets/slack/heartbeat is not an http(s) URL" >&2; exit 1 ;;
    esac
    # Text, not a pattern: the URL is put in as it is (an & or a / in it means nothing to awk here).
    HEARTBEAT_URL="$url" awk '{ i = index($0, "https://heartbeat.invalid/minimarket")
      if (i) $0 = substr($0, 1, i - 1) ENVIRON["HEARTBEAT_URL"] substr($0, i + 36)
      print }' "$config" >"$to/alertmanager.yml"
    echo "slack-webhooks: heartbeat <- heartbeat (Watchdog every minute)"
  else
    awk '/# BEGIN heartbeat/ { skip = 1 } !skip { print } /# END heartbeat/ { skip = 0 }' "$config" >"$to/alertmanager.yml"
    echo "slack-webhooks: no secrets/slack/heartbeat: nothing outside this machine notices if alerting stops" >&2
  fi
  for argument in "$@"; do
    shift
    case "$argument" in --config.file=*) set -- "$@" "--config.file=$to/alertmanager.yml" ;; *) set -- "$@" "$argument" ;; esac
  done
fi
exec "${ALERTMANAGER:-/bin/alertmanager}" "$@"
