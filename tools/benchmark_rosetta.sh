#!/usr/bin/env bash
# Rosetta mining benchmark (docs/rosetta.md): images/s, correlation GFLOP/s against the matmul peak measured in
# the same run, and peak memory, on the sample zoo and on two random-weight ResNet-50s (layers 1-4, 224 px).
# Usage: tools/benchmark_rosetta.sh [IMAGES]   (default 64; the issue's figure is 1000)
set -euo pipefail
cd "$(dirname "$0")/.."
IMAGES=${1:-64}
JAR=target/Rosetta_Neurons-0.1.0-SNAPSHOT.jar
[ -f "$JAR" ] || mvn -B -q -DskipTests package
J="java -Xmx512m -jar $JAR"
ZOO=sample-data/zoo

echo "== sample zoo: world-generator x resnet-shapes, vit-shapes, autoencoder-encoder, $IMAGES samples"
$J bench-rosetta --anchor $ZOO/world-generator --models $ZOO/resnet-shapes,$ZOO/vit-shapes,$ZOO/autoencoder-encoder \
   --images "$IMAGES" --batch 32

BENCH=target/bench
for n in a b; do
  [ -f $BENCH/resnet50-$n/rdf.yaml ] || /usr/bin/python3 tools/export_model.py --torchvision resnet50 --random-weights \
     --layers layer1,layer2,layer3,layer4 --name resnet50-random-$n --out $BENCH/resnet50-$n >/dev/null
done
echo "== random-weight ResNet-50 x ResNet-50, layers 1-4 (3,840 x 3,840 units), $IMAGES synthetic 224 px images"
$J bench-rosetta --anchor $BENCH/resnet50-a --models $BENCH/resnet50-b --images "$IMAGES" --size 224 --batch 4
