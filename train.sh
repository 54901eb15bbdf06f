#!/usr/bin/env bash
# The main job: train the default model (cluster.hocon) on this host. Extra arguments go to `actortrain train`,
# e.g.  ./train.sh --set training.epochs=3 --out runs/quick
set -euo pipefail
cd "$(dirname "$0")"
tools/setup.sh
dotnet build src/Host -c Release -v quiet -nologo >/dev/null
exec dotnet src/Host/bin/Release/net10.0/actortrain.dll train "$@"
