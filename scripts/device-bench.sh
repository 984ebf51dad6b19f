#!/usr/bin/env bash
# The WebGPU benchmark on a machine with a GPU (issues 13, 20): the adapter, Adam on Rosenbrock with N(0, I)
# noise at P = 1e5, 1e6, 1e7 (goal at 1e7: ≥ 1e10 particle-steps/s), one CPU thread beside it for the
# crossover, a deterministic run checked against the CPU kernels, and the network rows (a 2-16-16-1
# tanh network, 64 at once, per-example gradients/s beside the compiled CPU engine; digits 784-64-10
# steps/s; the bundle then needs the mnist package's data, so run it from a checkout). Everything goes to
# device-bench.txt in $OUT (or the current folder); when no adapter appears it writes down why: the
# Vulkan drivers present, the GPU the system sees, and Dawn's own messages.
#
#   scripts/device-bench.sh prepare   # on a machine with node_modules: bundle the benchmark and Dawn's
#                                     # linux-x64 binary into out/device-bench (≈ 25 MB, no npm needed there)
#   scripts/device-bench.sh [SIZES]   # run it (through tsx when node_modules is here, else the bundle);
#                                     # SIZES like 1e5,1e6,1e7
set -uo pipefail
cd "$(dirname "$0")/.."
BUNDLE=out/device-bench

if [ "${1:-}" = prepare ]; then
  set -e
  rm -rf "$BUNDLE"
  mkdir -p "$BUNDLE/node_modules/webgpu/dist"
  node_modules/.bin/esbuild src-main/engine/webgpu/device-bench.ts --bundle --platform=node --format=esm \
    --target=node20 --outfile="$BUNDLE/device-bench.mjs" --log-level=warning \
    --banner:js="import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);"
  cp node_modules/webgpu/index.js node_modules/webgpu/package.json "$BUNDLE/node_modules/webgpu/"
  cp -r node_modules/webgpu/dist/linux-x64 "$BUNDLE/node_modules/webgpu/dist/"
  du -sh "$BUNDLE"
  exit 0
fi

REPORT="${OUT:-.}/device-bench.txt"
SIZES="${1:-1e5,1e6,1e7}"
{
  echo "== device-bench $(date -u +%FT%TZ) on $(hostname)"
  command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
  command -v node >/dev/null || { echo "no node on this machine: nothing run"; exit 0; }
} >"$REPORT" 2>&1

if [ -d node_modules/webgpu ] && [ -d node_modules/tsx ]; then
  RUN=(node --import tsx src-main/engine/webgpu/device-bench.ts "$SIZES")
elif [ -f "$BUNDLE/device-bench.mjs" ]; then
  RUN=(node "$BUNDLE/device-bench.mjs" "$SIZES")
else
  echo "neither node_modules nor $BUNDLE (run 'scripts/device-bench.sh prepare' first): nothing run" >>"$REPORT"
  cat "$REPORT"
  exit 0
fi

"${RUN[@]}" >>"$REPORT" 2>"${REPORT%.txt}.stderr"
rc=$?
if [ "$rc" -ne 0 ]; then
  {
    echo "== the benchmark exited $rc; what the system offers:"
    echo "-- Vulkan ICDs (VK_ICD_FILENAMES=${VK_ICD_FILENAMES:-unset}):"
    ls -l /usr/share/vulkan/icd.d /etc/vulkan/icd.d /usr/local/share/vulkan/icd.d 2>&1
    echo "-- Vulkan loader:"
    ldconfig -p 2>/dev/null | grep -E 'libvulkan|libGLX_nvidia|libnvidia-glcore' || echo "no libvulkan.so.1 in the linker cache"
    echo "-- NVIDIA devices:"
    ls /dev/nvidia* 2>&1
    echo "-- Dawn's messages (stderr):"
    head -c 4000 "${REPORT%.txt}.stderr"
  } >>"$REPORT" 2>&1
fi
cat "$REPORT"
exit 0
