#!/usr/bin/env bash
# The OCR benchmark alone: no PostgreSQL or Redis, only Tesseract with its Spanish data (tesseract-ocr, tesseract-ocr-spa)
# and the DejaVu fonts the corpus renders with. Builds in Release and prints one row per layout x kind.
#   tests/MiniMarket.Benchmarks/run-ocr.sh [--layouts tres-columnas,erp-grilla] [--kinds clean,photographed] [--pages 40]
#                                          [--in-flight 2] [--bands 2] [--seed 1000] [--paging seed|one|two] [--no-qr]
#                                          [--prepare-only]  (OpenCV's preparation alone, one page at a time)
# Layouts: afip, tres-columnas, erp-grilla, encabezado-2-lineas (default: all four) and clasico (the one-page corpus of
# before layouts). --pages is the number of invoices per layout x kind; two-page invoices count their pages in "pages".
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
command -v tesseract >/dev/null || { echo "tesseract is missing: apt-get install -y tesseract-ocr tesseract-ocr-spa" >&2; exit 1; }
dotnet build "$root/tests/MiniMarket.Benchmarks/MiniMarket.Benchmarks.csproj" -c Release -nologo -v q -clp:ErrorsOnly
exec dotnet "$root/tests/MiniMarket.Benchmarks/bin/Release/net10.0/MiniMarket.Benchmarks.dll" --only ocr "$@"
