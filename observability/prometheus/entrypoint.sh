#!/bin/sh
# compose's Prometheus starts through this script: it writes the config Prometheus runs (prometheus.yml with its rule
# files at absolute paths, plus remote-write.yml when this store belongs to a chain) and then runs Prometheus with the
# arguments compose gives. A store alone: MINIMARKET_CENTRAL_METRICS_URL unset or empty, prometheus.yml as it is.
#
#   MINIMARKET_CENTRAL_METRICS_URL   the central store's push URL (https://central.example.com.ar/api/v1/push)
#   MINIMARKET_STORE_ID              the store (also prometheus.yml's store external label): the user at the gateway
#   /run/central/password            the store's password at the gateway (secrets/central/password, mounted as a folder)
# Paths can be moved for a test: MINIMARKET_PROMETHEUS_CONFIG_DIR, MINIMARKET_PROMETHEUS_EFFECTIVE_CONFIG,
# MINIMARKET_CENTRAL_PASSWORD_FILE, MINIMARKET_PROMETHEUS_BINARY.
set -eu

config_dir=${MINIMARKET_PROMETHEUS_CONFIG_DIR:-/etc/prometheus}
effective=${MINIMARKET_PROMETHEUS_EFFECTIVE_CONFIG:-/prometheus/prometheus.effective.yml}
password_file=${MINIMARKET_CENTRAL_PASSWORD_FILE:-/run/central/password}
url=${MINIMARKET_CENTRAL_METRICS_URL:-}
store=${MINIMARKET_STORE_ID:-}

fail() { echo "prometheus entrypoint: $*" >&2; exit 64; }

# The rule files are relative to the config's folder: the effective config lives elsewhere.
sed "s|^  - rules/|  - $config_dir/rules/|" "$config_dir/prometheus.yml" > "$effective.tmp"

if [ -n "$url" ]; then
  # Checked here so that a typo stops the start with a message instead of a Prometheus that retries a bad URL forever;
  # and so that the values are safe in sed's replacement (no | & \ or spaces).
  case "$url" in
    http://*|https://*) ;;
    *) fail "MINIMARKET_CENTRAL_METRICS_URL must start with https:// (or http:// on a private network): '$url'" ;;
  esac
  case "$url" in
    *[!A-Za-z0-9:/._~%?=+-]*) fail "MINIMARKET_CENTRAL_METRICS_URL has characters a URL here may not have: '$url'" ;;
  esac
  case "$store" in
    ''|-*|*-|*[!a-z0-9-]*) fail "MINIMARKET_STORE_ID must be 1 to 32 of a-z, 0-9 and '-' (not at either end): '$store'" ;;
  esac
  [ "${#store}" -le 32 ] || fail "MINIMARKET_STORE_ID is longer than 32 characters: '$store'"
  [ -s "$password_file" ] || fail "the store's password at the central gateway is missing or empty: $password_file"
  sed -e "s|\${MINIMARKET_CENTRAL_METRICS_URL}|$url|" -e "s|\${MINIMARKET_STORE_ID}|$store|" \
    -e "s|/run/central/password|$password_file|" "$config_dir/remote-write.yml" >> "$effective.tmp"
  echo "prometheus entrypoint: store $store remote-writes to $url" >&2
else
  echo "prometheus entrypoint: no MINIMARKET_CENTRAL_METRICS_URL: this store's metrics stay here (not part of a chain)" >&2
fi
mv "$effective.tmp" "$effective"
exec "${MINIMARKET_PROMETHEUS_BINARY:-/bin/prometheus}" --config.file="$effective" "$@"
