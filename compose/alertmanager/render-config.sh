#!/bin/sh
# Writes Alertmanager's configuration into DIR from the environment (docker compose passes the git-ignored .env):
# the same routes as k8s/components/monitoring/alertmanagerconfig.yaml, with each receiver only when its
# credentials are set. With none set, alerts are still listed in Alertmanager's UI and API, and nothing is sent.
# Secrets go to files next to the configuration (*_file settings), so no value needs YAML quoting.
# Usage: render-config.sh DIR   (POSIX sh: the Alertmanager image has busybox, not bash)
set -eu

dir=${1:?usage: render-config.sh DIR}
mkdir -p "$dir"
umask 077

# Single-quoted YAML scalar: the only escape is a doubled single quote.
quote() {
  printf "'%s'" "$(printf '%s' "$1" | sed "s/'/''/g")"
}

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
  echo "  group_by: [cluster, alertname, application]"
  echo "  group_wait: 30s"
  echo "  group_interval: 5m"
  echo "  repeat_interval: 4h"
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
    cat <<'YAML'
        send_resolved: true
        title: '[{{ .Status | toUpper }}] {{ .CommonLabels.alertname }} {{ .CommonLabels.application }}{{ with .CommonLabels.cluster }} in {{ . }}{{ end }}'
        text: '{{ range .Alerts }}{{ .Annotations.summary }}: {{ .Annotations.description }} ({{ .Annotations.runbook_url }}){{ "\n" }}{{ end }}'
YAML
  fi
} > "$dir/alertmanager.yml"
