#!/usr/bin/env bash
# Builds a Kubernetes control plane from Go sources for the e2e tests: kube-apiserver and kubectl from
# k8s.io/kubernetes, etcd from go.etcd.io/etcd/server/v3, both at pinned releases, through the Go module proxy only.
# It puts them where fabric8's kube-api-test looks for binaries, $KUBE_API_TEST_DIR (default ~/.kubeapitest)
# k8s/<version>-linux-amd64/{etcd,kube-apiserver,kubectl}, so @EnableKubeAPIServer starts them with downloads off
# (KUBE_API_TEST_OFFLINE_MODE=true).
#
# Idempotent: a second run finds the binaries and only checks them. Everything it builds, and the Go module and
# build caches it fills, live outside the work tree (~/.cache/toolgate/kube, ~/go/pkg/mod, ~/.cache/go-build).
#
# Why a throwaway module: k8s.io/kubernetes' go.mod replaces its staging modules (k8s.io/api, k8s.io/apiserver, ...)
# with local paths, so `go install k8s.io/kubernetes/cmd/kube-apiserver@vX` is refused. A module of our own that
# requires k8s.io/kubernetes and pins every staging module to the matching v0.Y.Z with `replace` builds it, the
# way envtest users do. etcd's server module has the same kind of replaces; requiring it from a module of our own
# makes Go ignore them.
#
# Usage: scripts/kube-control-plane.sh [--print-dir]
set -euo pipefail

# Pinned releases. k8s.io/kubernetes 1.34 is the line fabric8 7.5 (our client and kube-api-test) is built against;
# etcd 3.6 is the etcd line Kubernetes 1.34 is tested with.
KUBE_VERSION=1.34.4
ETCD_VERSION=3.6.16

test_dir=${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}
target=$test_dir/k8s/$KUBE_VERSION-linux-amd64
cache=${TOOLGATE_KUBE_CACHE:-$HOME/.cache/toolgate/kube}
work=$cache/build-$KUBE_VERSION-etcd-$ETCD_VERSION

if [[ ${1:-} == --print-dir ]]; then
  echo "$target"
  exit 0
fi

# the machines install Go in /usr/local/go; a non-login shell (CI) may not have it on PATH
command -v go >/dev/null || PATH=$PATH:/usr/local/go/bin
command -v go >/dev/null || { echo "kube-control-plane: go is not on PATH (nor in /usr/local/go/bin)" >&2; exit 1; }
case "$(go env GOOS)/$(go env GOARCH)" in
  linux/amd64) ;;
  *) echo "kube-control-plane: only linux/amd64 is set up (kube-api-test's folder name says so)" >&2; exit 1 ;;
esac

# A binary counts as built when it runs and says the pinned version: a half-written file from a killed build does not.
# Each output is read whole before it is matched. Piping it into `grep -q` under pipefail failed now and then: grep
# exits at its first match, and the binary, still writing its next line, dies of SIGPIPE (32 of 400 checks in a loop
# here; once on CI, which then failed the run).
binaries=(kube-apiserver etcd kubectl)
declare -A says=([kube-apiserver]="Kubernetes v$KUBE_VERSION" [etcd]="etcd Version: $ETCD_VERSION"
                 [kubectl]="Client Version: v$KUBE_VERSION")
version_of() {
  if [[ $1 == kubectl ]]; then "$target/kubectl" version --client; else "$target/$1" --version; fi
}
built() {
  local binary output
  for binary in "${binaries[@]}"; do
    [[ -x $target/$binary ]] || return 1
    output=$(version_of "$binary" 2>/dev/null) || return 1
    [[ $'\n'$output$'\n' == *$'\n'"${says[$binary]}"$'\n'* ]] || return 1
  done
}

if built; then
  echo "kube-control-plane: kube-apiserver and kubectl v$KUBE_VERSION, etcd v$ETCD_VERSION already in $target"
  exit 0
fi

start=$(date +%s)
mkdir -p "$work/kube" "$work/etcd" "$work/bin" "$target"
export GOFLAGS=-mod=mod GOTOOLCHAIN=local CGO_ENABLED=0

# --- kube-apiserver and kubectl ---------------------------------------------------------------------------------
cd "$work/kube"
if [[ ! -f go.sum ]]; then
  rm -f go.mod
  go mod init toolgate.dev/kube-control-plane >/dev/null 2>&1
  # The staging modules are the ones k8s.io/kubernetes replaces with ./staging paths; pin each to v0.Y.Z.
  kube_mod=$(go mod download -json "k8s.io/kubernetes@v$KUBE_VERSION" | sed -n 's/^\s*"GoMod": "\(.*\)",$/\1/p')
  staging=$(sed -n 's#^\s*\(k8s\.io/[A-Za-z0-9._-]*\) => \./staging/.*#\1#p' "$kube_mod")
  [[ -n $staging ]] || { echo "kube-control-plane: no staging replaces found in $kube_mod" >&2; exit 1; }
  {
    echo "require k8s.io/kubernetes v$KUBE_VERSION"
    for module in $staging; do echo "replace $module => $module v0.${KUBE_VERSION#1.}"; done
  } >> go.mod
  cat > tools.go <<'EOF'
//go:build tools

// Package tools only names the commands this throwaway module builds, so `go mod tidy` keeps their dependencies.
package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kubectl"
)
EOF
  go mod tidy
fi
# The version the binaries report (`kube-apiserver --version`, /version) comes from ldflags, as in Kubernetes' build.
minor=${KUBE_VERSION#1.}; minor=${minor%%.*}
ldflags="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ldflags+=" -X $pkg.gitVersion=v$KUBE_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
  ldflags+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
done
echo "kube-control-plane: building kube-apiserver v$KUBE_VERSION"
go build -trimpath -ldflags "$ldflags" -o "$work/bin/kube-apiserver" k8s.io/kubernetes/cmd/kube-apiserver
echo "kube-control-plane: building kubectl v$KUBE_VERSION"
go build -trimpath -ldflags "$ldflags" -o "$work/bin/kubectl" k8s.io/kubernetes/cmd/kubectl

# --- etcd ---------------------------------------------------------------------------------------------------------
cd "$work/etcd"
if [[ ! -f go.sum ]]; then
  rm -f go.mod
  go mod init toolgate.dev/etcd >/dev/null 2>&1
  echo "require go.etcd.io/etcd/server/v3 v$ETCD_VERSION" >> go.mod
  cat > tools.go <<'EOF'
//go:build tools

// Package tools only names the command this throwaway module builds.
package tools

import _ "go.etcd.io/etcd/server/v3"
EOF
  go mod tidy
fi
echo "kube-control-plane: building etcd v$ETCD_VERSION"
go build -trimpath -ldflags "-s -w -X go.etcd.io/etcd/api/v3/version.GitSHA=v$ETCD_VERSION" \
  -o "$work/bin/etcd" go.etcd.io/etcd/server/v3

# Install by rename, so kube-api-test never sees a half-copied binary.
for binary in "${binaries[@]}"; do
  cp "$work/bin/$binary" "$target/.$binary.tmp"
  mv -f "$target/.$binary.tmp" "$target/$binary"
done

if ! built; then
  # say what they did report, so a failed run can be read from its log alone
  echo "kube-control-plane: the built binaries do not report the pinned versions; they say:" >&2
  for binary in "${binaries[@]}"; do
    echo "  $binary (a line \"${says[$binary]}\" expected):" >&2
    version_of "$binary" 2>&1 | sed 's/^/    /' >&2 || echo "    (exit $?)" >&2
  done
  exit 1
fi
echo "kube-control-plane: built kube-apiserver and kubectl v$KUBE_VERSION, etcd v$ETCD_VERSION into $target" \
  "in $(( $(date +%s) - start )) s"
