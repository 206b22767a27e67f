package io.github.rosettaneurons.rosetta;

import java.util.List;

import io.github.rosettaneurons.engine.LayerSpec;
import io.github.rosettaneurons.engine.Network;

/**
 * A loaded network and the layers of it that take part in mining, in network
 * order.
 */
public record MinedModel(Network network,List<LayerSpec>layers){

public String name(){return network.name();}

public static MinedModel allLayers(Network network){return new MinedModel(network,network.manifest().layers());}}
