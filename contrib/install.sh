#!/bin/sh
# Installs beredskap as the region's trusted writer (docs/operations.md, "Installing" and
# "Threat model"). Run as root; running it again repairs owners and modes and keeps the log.
#
#   contrib/install.sh --binary target/release/beredskap --etc DIR
#
#   --binary FILE  the program to install as /usr/local/bin/beredskap
#   --etc DIR      a directory holding beredskap.toml and what it includes (systems/,
#                  runbooks/ …), copied to /etc/beredskap. Without it /etc/beredskap is kept
#                  as it is (only owners and modes are set).
#   --log-group G  the group that alone writes the log (default beredskap-log; no person
#                  is ever a member)
#   --group G      the people's group (default beredskap): its members may use the program
#
# What it sets up:
#   /usr/local/bin/beredskap   root:beredskap-log 2755  set-group-ID: the only way to the log
#   /etc/beredskap/            root:beredskap     0750  configuration, root changes it
#   /etc/beredskap/**          root:beredskap     0640 (directories 0750)
#   the secrets it names       root:beredskap-log 0640  tokens, TLS key: the services alone
#   /var/lib/beredskap/        root:beredskap-log 2770  the log; no person can reach it
#   /var/lib/beredskap/*.db*   :beredskap-log     0660
# and ends with `beredskap doctor`, whose exit status it returns.
set -eu

binary=""
etc_source=""
log_group="beredskap-log"
group="beredskap"
while [ $# -gt 0 ]; do
  case "$1" in
    --binary) binary="$2"; shift 2 ;;
    --etc) etc_source="$2"; shift 2 ;;
    --log-group) log_group="$2"; shift 2 ;;
    --group) group="$2"; shift 2 ;;
    -h|--help) sed -n '2,23p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
if [ "$(id -u)" != 0 ]; then
  echo "install.sh: run as root (it creates groups and sets owners)" >&2
  exit 2
fi
if [ -z "$binary" ] || [ ! -f "$binary" ]; then
  echo "install.sh: --binary FILE is needed (e.g. target/release/beredskap)" >&2
  exit 2
fi

echo "== groups"
getent group "$group" >/dev/null || groupadd --system "$group"
getent group "$log_group" >/dev/null || groupadd --system "$log_group"
# The monitor's service account: in the people's group; systemd gives it the log's group.
getent passwd beredskap >/dev/null ||
  useradd --system --gid "$group" --no-create-home --home-dir /nonexistent \
    --shell /usr/sbin/nologin beredskap

echo "== program"
install -d -o root -g root -m 0755 /usr/local/bin
tmp="/usr/local/bin/.beredskap.new.$$"
cp "$binary" "$tmp"
chown "root:$log_group" "$tmp"
# chmod after chown: chown clears the set-group-ID bit.
chmod 2755 "$tmp"
mv -f "$tmp" /usr/local/bin/beredskap

echo "== configuration"
install -d -o root -g "$group" -m 0750 /etc/beredskap
if [ -n "$etc_source" ]; then
  # Copies are root's alone until their modes are set below: a token is never readable by
  # the people's group, not even for a moment.
  (umask 077 && cp -R "$etc_source"/. /etc/beredskap/)
fi
# The secrets the configuration names (the receiver's tokens, its TLS key) first: the
# services' alone, through the log's group; no person is in it.
/usr/local/bin/beredskap doctor --secrets | while IFS= read -r f; do
  [ -e "$f" ] || continue
  chown "root:$log_group" "$f"
  chmod 0640 "$f"
done
# Then everything else: root changes it, the people's group reads it.
find /etc/beredskap ! -group "$log_group" -exec chown "root:$group" {} +
find /etc/beredskap -type d -exec chmod 0750 {} +
find /etc/beredskap -type f ! -group "$log_group" -exec chmod 0640 {} +

echo "== log"
install -d -o root -g "$log_group" -m 2770 /var/lib/beredskap
chown "root:$log_group" /var/lib/beredskap
chmod 2770 /var/lib/beredskap
/usr/local/bin/beredskap log init
for f in /var/lib/beredskap/*.db /var/lib/beredskap/*.db-wal /var/lib/beredskap/*.db-shm; do
  [ -e "$f" ] || continue
  chgrp "$log_group" "$f"
  chmod 0660 "$f"
done

echo "== doctor"
exec /usr/local/bin/beredskap doctor --log-group "$log_group" --group "$group"
