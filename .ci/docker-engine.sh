# shellcheck shell=bash
# Sourced by .ci/run: a Docker engine for the container tests, and a client that builds with BuildKit.
# An engine that already answers (a GitHub runner's, a workstation's) is used as it is. Otherwise Debian's docker.io
# is installed if missing and a dockerd is started on its own socket and data folder, and stopped at exit by the
# PID recorded here: nothing else on the machine is touched.

ci_dockerd_pid=""
ci_dockerd_dir=""

ci_stop_dockerd() {
  if [[ -n "$ci_dockerd_pid" ]] && as_root kill -0 "$ci_dockerd_pid" 2>/dev/null; then
    echo "ci: stopping the dockerd this run started (pid $ci_dockerd_pid)"
    as_root kill "$ci_dockerd_pid"
    for _ in $(seq 1 60); do
      as_root kill -0 "$ci_dockerd_pid" 2>/dev/null || break
      sleep 1
    done
  fi
  if [[ -n "$ci_dockerd_dir" ]] && ! as_root kill -0 "$ci_dockerd_pid" 2>/dev/null; then
    as_root rm -rf "$ci_dockerd_dir"
  fi
}

ci_start_docker() {
  if ! docker info >/dev/null 2>&1 && ! command -v dockerd >/dev/null 2>&1; then
    echo "ci: installing docker.io"
    export DEBIAN_FRONTEND=noninteractive
    as_root apt-get update -qq
    as_root apt-get install -y -qq --no-install-recommends docker.io >/dev/null
  fi
  # Asked again after the install: where systemd runs, the package starts its own engine, which is then used.
  if docker info >/dev/null 2>&1; then
    echo "ci: Docker engine $(docker info --format '{{.ServerVersion}}') answers; using it"
  else
    ci_dockerd_dir="$(mktemp -d /tmp/o11y-demo-dockerd.XXXXXX)"
    as_root dockerd --host "unix://$ci_dockerd_dir/docker.sock" --data-root "$ci_dockerd_dir/data" \
      --exec-root "$ci_dockerd_dir/exec" --pidfile "$ci_dockerd_dir/dockerd.pid" \
      >"$ci_dockerd_dir/dockerd.log" 2>&1 &
    trap ci_stop_dockerd EXIT
    export DOCKER_HOST="unix://$ci_dockerd_dir/docker.sock"
    for _ in $(seq 1 60); do
      docker info >/dev/null 2>&1 && break
      sleep 1
    done
    # The PID dockerd wrote itself: $! would be the shell (or sudo) that started it.
    if [[ -s "$ci_dockerd_dir/dockerd.pid" ]]; then
      ci_dockerd_pid="$(cat "$ci_dockerd_dir/dockerd.pid")"
    fi
    if ! docker info >/dev/null 2>&1; then
      tail -20 "$ci_dockerd_dir/dockerd.log" >&2
      echo "ci: dockerd did not start" >&2
      exit 1
    fi
    echo "ci: started dockerd $(docker info --format '{{.ServerVersion}}') (pid $ci_dockerd_pid) on $DOCKER_HOST"
  fi

  # The Dockerfile needs BuildKit (its Maven cache mount). Docker 23 and later clients build with it through the
  # buildx plugin; Debian's 20.10 client has it built in. Where the first docker on the PATH has neither, the
  # Debian client goes first on the PATH for this run.
  if ! docker buildx version >/dev/null 2>&1 && [[ "$(docker version --format '{{.Client.Version}}')" != 20.* ]]; then
    if [[ ! -x /usr/bin/docker ]] || [[ "$(/usr/bin/docker version --format '{{.Client.Version}}')" != 20.* ]]; then
      echo "ci: no docker client here builds with BuildKit (install docker-buildx)" >&2
      exit 1
    fi
    local cli_dir="${HOME}/.cache/o11y-demo-ci/docker-cli"
    mkdir -p "$cli_dir"
    ln -sf /usr/bin/docker "$cli_dir/docker"
    export PATH="$cli_dir:$PATH"
    echo "ci: building with Debian's docker client $(docker version --format '{{.Client.Version}}') (BuildKit built in)"
  fi

  # The Dockerfile's bases, pulled where Docker Hub answers, stand-ins where it does not.
  as_root env "PATH=$PATH" "DOCKER_HOST=${DOCKER_HOST:-}" bash .ci/base-images.sh
}
