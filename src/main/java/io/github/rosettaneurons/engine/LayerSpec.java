package io.github.rosettaneurons.engine;

/**
 * One layer a package exposes.
 *
 * @param name module path in the original network (e.g.
 *          {@code layer3.1.conv2}); for an attention projection
 *          {@code <block>.q}, {@code .k} or {@code .v}
 * @param output key of the tensor in the activations dictionary the TorchScript
 *          method returns
 * @param tokens whether the tensor is a transformer token sequence (B, prefix +
 *          h*w, C) to fold into (B, C, h, w)
 * @param prefixTokens class/register tokens at the start of the sequence,
 *          dropped when folding
 * @param projection "q", "k" or "v" for a transformer block's query, key or
 *          value projection; "" otherwise
 */
public record LayerSpec(String name,String output,boolean tokens,int prefixTokens,String projection){

/** The projections a manifest may name, in the exporter's order. */
public static final java.util.List<String>PROJECTIONS=java.util.List.of("q","k","v");

/** A layer that is not an attention projection. */
public LayerSpec(String name,String output,boolean tokens,int prefixTokens){this(name,output,tokens,prefixTokens,"");}

/** Whether a user's request ("layer3" or its output key) names this layer. */
public boolean answersTo(String request){return name.equals(request)||output.equals(request);}

public boolean isProjection(){return!projection.isEmpty();}

/** The attention block of a projection: its name without ".q", ".k" or ".v". */
public String block(){if(!isProjection())throw new IllegalStateException(name+" is not an attention projection");return name.substring(0,name.length()-projection.length()-1);}}
