#!/usr/bin/env bash
# Speed and memory benchmarks of mining and of the forward pass (docs/rosetta.md, "Benchmark"): bench-rosetta runs
# one mining run twice in one process (one pass, and two passes + an examples pass) and prints both times, the
# correlation step's GFLOP/s against the matmul peak and the peak memory; bench-forward times the plugin's forward
# pass against Python's libtorch on the same package, input, threads and batch. Plain `java -jar`, no heap flag.
# Usage: tools/benchmark_rosetta.sh [IMAGES]   (default 64)
set -euo pipefail
cd "$(dirname "$0")/.."
IMAGES=${1:-64}
JAR=target/Rosetta_Neurons-0.1.0-SNAPSHOT.jar
[ -f "$JAR" ] || mvn -B -q -DskipTests package
J="java -jar $JAR"
ZOO=sample-data/zoo
PY=/usr/bin/python3

echo "== sample zoo: world-generator x resnet-shapes, vit-shapes, autoencoder-encoder, $IMAGES samples"
$J bench-rosetta --anchor $ZOO/world-generator --models $ZOO/resnet-shapes,$ZOO/vit-shapes,$ZOO/autoencoder-encoder \
   --images "$IMAGES" --batch 32 --rule relaxed_top_n
for model in world-generator resnet-shapes vit-shapes autoencoder-encoder; do
  echo "== forward pass: $model, batch 32"
  $J bench-forward --model $ZOO/$model --batch 32 --images 256 --python $PY
done

BENCH=${BENCH:-/tmp/rosetta-bench}
for n in a b; do
  [ -f $BENCH/resnet50-$n/rdf.yaml ] || $PY tools/export_model.py --torchvision resnet50 --random-weights \
     --layers layer1,layer2,layer3,layer4 --name resnet50-random-$n --out $BENCH/resnet50-$n >/dev/null
done
echo "== random-weight ResNet-50 x ResNet-50, layers 1-4 (3,840 x 3,840 units), $IMAGES synthetic 224 px images"
$J bench-rosetta --anchor $BENCH/resnet50-a --models $BENCH/resnet50-b --images "$IMAGES" --size 224 --batch 8
echo "== forward pass: ResNet-50, batch 8"
$J bench-forward --model $BENCH/resnet50-a --batch 8 --images 32 --python $PY
