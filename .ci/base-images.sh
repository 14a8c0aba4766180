#!/usr/bin/env bash
# Makes the Dockerfile's base images available to the local Docker engine: eclipse-temurin:25-jdk and 25-jre.
# Where Docker Hub answers, they are pulled as users get them. Where it does not (an offline CI machine), a stand-in
# is assembled from parts the machine has: a Debian bookworm root filesystem from debootstrap and the installed
# Temurin 25 JDK at the path eclipse-temurin uses. Only the base is a stand-in: the suite's own Dockerfile is then
# built unchanged. A stand-in carries the label dev.o11ydemo.base=stand-in, so the tests can say what they ran on.
#   usage: bash .ci/base-images.sh        (as root: debootstrap and docker need it)
set -euo pipefail

jdk_home="${TEMURIN25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
cache="${HOME}/.cache/o11y-demo-ci"
images=(eclipse-temurin:25-jdk eclipse-temurin:25-jre)

missing=()
for image in "${images[@]}"; do
  if ! docker image inspect "$image" >/dev/null 2>&1 && ! docker pull -q "$image" >/dev/null 2>&1; then
    missing+=("$image")
  fi
done
if [[ ${#missing[@]} -eq 0 ]]; then
  echo "base-images: ${images[*]} present"
  exit 0
fi

if [[ ! -x "$jdk_home/bin/java" ]] || ! "$jdk_home/bin/java" -version 2>&1 | grep -q 'version "25'; then
  echo "base-images: no Temurin 25 JDK at $jdk_home (set TEMURIN25_HOME)" >&2
  exit 1
fi
if ! command -v debootstrap >/dev/null 2>&1; then
  echo "base-images: installing debootstrap"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
fi

# The root filesystem is kept as a tarball between runs: debootstrap takes minutes, an import seconds.
mkdir -p "$cache"
rootfs_tar="$cache/bookworm-minbase.tar"
if [[ ! -s "$rootfs_tar" ]]; then
  echo "base-images: debootstrap bookworm (minbase)"
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  debootstrap --variant=minbase bookworm "$work/rootfs" http://deb.debian.org/debian >"$cache/debootstrap.log" 2>&1 \
    || { tail -20 "$cache/debootstrap.log" >&2; exit 1; }
  rm -rf "$work"/rootfs/var/cache/apt/archives/*.deb "$work"/rootfs/var/lib/apt/lists/*
  tar -C "$work/rootfs" -cf "$rootfs_tar.partial" .
  mv "$rootfs_tar.partial" "$rootfs_tar"
  rm -rf "$work"
  trap - EXIT
fi

# The JDK goes where eclipse-temurin puts it. Its cacerts is a symlink into the host's trust store, which the image
# does not have: it is copied as a real file so TLS (Maven Central, during the build) works inside.
layer="$(mktemp -d)"
trap 'rm -rf "$layer"' EXIT
tar -C "$layer" -xf "$rootfs_tar"
mkdir -p "$layer/opt/java"
cp -a "$jdk_home" "$layer/opt/java/openjdk"
rm -f "$layer/opt/java/openjdk/lib/security/cacerts"
cp -L "$jdk_home/lib/security/cacerts" "$layer/opt/java/openjdk/lib/security/cacerts"

echo "base-images: ${missing[*]}: a stand-in (Debian bookworm + $("$jdk_home/bin/java" -version 2>&1 | head -1))"
tar -C "$layer" -c . | docker import \
  --change 'ENV JAVA_HOME=/opt/java/openjdk' \
  --change 'ENV PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV LANG=C.UTF-8' \
  --change 'LABEL dev.o11ydemo.base=stand-in' \
  --change 'CMD ["jshell"]' \
  - "${missing[0]}" >/dev/null
for image in "${missing[@]:1}"; do
  docker tag "${missing[0]}" "$image"
done
