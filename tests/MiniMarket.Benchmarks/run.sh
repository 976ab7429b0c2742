#!/usr/bin/env bash
# Starts the local PostgreSQL and Redis (as ./run.sh does), builds in Release and runs the deposito load benchmark,
# which starts its own deposito agent on a database of its own. Prints figures; asserts nothing.
#   tests/MiniMarket.Benchmarks/run.sh [--seconds 20] [--clients 32] [--read-rate 2000]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../../run.sh"
cd "$MM_ROOT"
mm_install_packages
trap mm_stop_all EXIT
mm_secrets
mm_start_postgres
mm_start_redis
dotnet build "$MM_ROOT/tests/MiniMarket.Benchmarks/MiniMarket.Benchmarks.csproj" -c Release -nologo -v q -clp:ErrorsOnly
MM_TEST_POSTGRES="$MM_PG_CONNECTION" MM_TEST_REDIS="$MM_REDIS_CONNECTION" \
  dotnet "$MM_ROOT/tests/MiniMarket.Benchmarks/bin/Release/net10.0/MiniMarket.Benchmarks.dll" "$@"
