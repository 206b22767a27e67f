package io.github.rosettaneurons.rosetta;

/** One unit: a channel of a layer of a model. */
public record UnitRef(String model,String layer,int unit){

@Override public String toString(){return model+":"+layer+":"+unit;}}
