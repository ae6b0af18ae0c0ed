#!/usr/bin/env bash
# Builds FerretDB v1 (Apache-2.0; MongoDB wire protocol over SQLite) into .tools/bin/ferretdb,
# the embedded database used when MONGODB_URI is not set and no mongod binary is available.
# Needs Go and the Go module proxy. Idempotent: does nothing when the binary is already there.
set -euo pipefail
VERSION=v1.24.2
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="$root/.tools/bin/ferretdb"
if [ -x "$bin" ] && "$bin" --version 2>/dev/null | grep -q "${VERSION}"; then
  echo "FerretDB ${VERSION} already built: $bin"
  exit 0
fi
export PATH="$PATH:/usr/local/go/bin"
command -v go >/dev/null || { echo "install-ferretdb: Go is needed to build FerretDB (or set MONGODB_URI)" >&2; exit 1; }
work="$(mktemp -d)"
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
export GOPATH="${GOPATH:-$(go env GOPATH)}" GOFLAGS=-mod=mod GOTOOLCHAIN="${GOTOOLCHAIN:-auto}"
build() {
  # `go install pkg@version` also asks the proxy for the module's version list, which some
  # proxies refuse; downloading the exact version and building it needs no list.
  dir="$(go mod download -json "github.com/FerretDB/FerretDB@${VERSION}" | sed -n 's/.*"Dir": "\(.*\)",/\1/p')"
  [ -n "$dir" ] || return 1
  cp -r "$dir" "$work/src" && chmod -R u+w "$work/src"
  # The module zip lacks the generated version file the binary checks at start.
  echo "${VERSION}" > "$work/src/build/version/version.txt"
  mkdir -p "$(dirname "$bin")"
  (cd "$work/src" && CGO_ENABLED=0 go build -trimpath -o "$bin" ./cmd/ferretdb)
}
echo "Building FerretDB ${VERSION} with $(go version)…"
if ! build; then
  echo "Build with the machine's Go failed; retrying with go1.22.12 through the module proxy" >&2
  rm -rf "$work/src"
  GOTOOLCHAIN=go1.22.12 build
fi
# (not `| head`: with pipefail, head closing the pipe early can fail the script by SIGPIPE)
"$bin" --version > "$work/version.txt"
head -n 3 "$work/version.txt"
