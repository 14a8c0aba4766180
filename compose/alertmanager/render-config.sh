#!/bin/sh
# Writes Alertmanager's configuration into DIR from the environment (docker compose passes the git-ignored .env):
# the same routes as k8s/components/monitoring/alertmanagerconfig.yaml, with each receiver only when its
# credentials are set. With none set, alerts are still listed in Alertmanager's UI and API, and nothing is sent.
# Secrets go to files next to the configuration (*_file settings), so no value needs YAML quoting.
# The grouping, its timings and the Slack message are read from that file, their one source.
# Usage: render-config.sh DIR K8S_CONFIG   (POSIX sh: the Alertmanager image has busybox, not bash)
set -eu

dir=${1:?usage: render-config.sh DIR K8S_CONFIG}
k8s=${2:?usage: render-config.sh DIR K8S_CONFIG}
# The value of KEY in the Kubernetes configuration, as written there (quotes included).
k8s_value() {
  value=$(sed -n "s/^ *$1: //p" "$k8s" | head -n 1)
  [ -n "$value" ] || { echo "render-config.sh: no $1 in $k8s" >&2; exit 1; }
  printf '%s' "$value"
}
mkdir -p "$dir"
umask 077

# Single-quoted YAML scalar: the only escape is a doubled single quote.
quote() {
  printf "'%s'" "$(printf '%s' "$1" | sed "s/'/''/g")"
}

# Read before anything is written: a failure inside $(...) in an argument would not stop the script.
group_by=$(k8s_value groupBy)
group_wait=$(k8s_value groupWait)
group_interval=$(k8s_value groupInterval)
repeat_interval=$(k8s_value repeatInterval)
title=$(k8s_value title)
text=$(k8s_value text)

email=""
if [ -n "${SMTP_PASSWORD:-}" ] && [ -n "${ALERT_EMAIL_TO:-}" ]; then
  email=yes
  printf '%s' "$SMTP_PASSWORD" > "$dir/smtp_password"
fi
slack=""
if [ -n "${SLACK_WEBHOOK_URL:-}" ]; then
  slack=yes
  printf '%s' "$SLACK_WEBHOOK_URL" > "$dir/slack_webhook_url"
fi

{
  echo "route:"
  echo "  receiver: default"
  printf '  group_by: %s\n' "$group_by"
  printf '  group_wait: %s\n' "$group_wait"
  printf '  group_interval: %s\n' "$group_interval"
  printf '  repeat_interval: %s\n' "$repeat_interval"
  if [ -n "$email$slack" ]; then
    echo "  routes:"
  fi
  if [ -n "$email" ]; then
    echo "    - receiver: email"
    echo "      matchers: ['severity=\"critical\"']"
    echo "      continue: true"
  fi
  if [ -n "$slack" ]; then
    echo "    - receiver: slack"
    echo "      matchers: ['severity=~\"critical|warning\"']"
  fi
  echo "receivers:"
  echo "  - name: default"
  if [ -n "$email" ]; then
    smtp_user=${SMTP_USERNAME:-$ALERT_EMAIL_TO}
    echo "  - name: email"
    echo "    email_configs:"
    echo "      - to: $(quote "$ALERT_EMAIL_TO")"
    echo "        from: $(quote "${ALERT_EMAIL_FROM:-$smtp_user}")"
    echo "        smarthost: $(quote "${SMTP_SMARTHOST:-smtp.gmail.com:587}")"
    echo "        auth_username: $(quote "$smtp_user")"
    echo "        auth_password_file: $(quote "$dir/smtp_password")"
    echo "        send_resolved: true"
  fi
  if [ -n "$slack" ]; then
    echo "  - name: slack"
    echo "    slack_configs:"
    echo "      - api_url_file: $(quote "$dir/slack_webhook_url")"
    echo "        channel: $(quote "${SLACK_CHANNEL:-#alerts}")"
    echo "        send_resolved: true"
    # printf, not echo: dash's and busybox's echo would turn the text's \n into a line break.
    printf '        title: %s\n' "$title"
    printf '        text: %s\n' "$text"
  fi
} > "$dir/alertmanager.yml"
