package io.github.rosettaneurons.spectral;

import java.util.ArrayList;
import java.util.List;

import io.github.rosettaneurons.engine.LayerSpec;
import io.github.rosettaneurons.engine.ModelManifest;

/**
 * One layer's graph: pixels compared by cos(qᵢ, kⱼ) of two outputs the manifest
 * names. A plain layer compares its own features (query = key; for a
 * transformer's value output this is the reference's value-value "what" graph);
 * a pair "q|k" of the query and key outputs of one attention layer gives the
 * key-query "where" graph.
 */
public record GraphLayer(LayerSpec query,LayerSpec key){

public boolean keyQuery(){return!query.equals(key);}

public String label(){return keyQuery()?query.name()+"|"+key.name():query.name();}

/**
 * Parses "layer3,layer4" or "blocks.3.q|blocks.3.k,..."; blank means the
 * manifest's default layers (no q/k/v).
 */
public static List<GraphLayer>parse(ModelManifest manifest,String text){List<GraphLayer>result=new ArrayList<>();if(text==null||text.isBlank()){for(LayerSpec layer:manifest.layers())result.add(new GraphLayer(layer,layer));return result;}for(String item:text.split(",")){if(item.isBlank())continue;String[]parts=item.split("\\|",-1);if(parts.length>2)throw new IllegalArgumentException("'"+item.trim()+"' names more than a query and "+"a key; write one layer, or 'query|key' for a key-query graph.");LayerSpec query=manifest.layer(parts[0]);result.add(new GraphLayer(query,parts.length==2?manifest.layer(parts[1]):query));}if(result.isEmpty())throw new IllegalArgumentException("No layers given for spectral grouping.");return result;}

/**
 * The graphs of a pathway: {@code layers} parses {@code text} as {@link #parse}
 * does; {@code where} pairs every block's q with its k, {@code what} takes
 * every block's v (the manifest's attention projections; {@code text} must then
 * be blank).
 */
public static List<GraphLayer>of(ModelManifest manifest,Pathway pathway,String text){if(pathway==Pathway.LAYERS)return parse(manifest,text);if(text!=null&&!text.isBlank())throw new IllegalArgumentException("Pathway '"+pathway.label()+"' uses "+"every attention block; leave layers empty, or choose pathway 'layers' to name layers.");List<GraphLayer>result=new ArrayList<>();for(LayerSpec query:manifest.projections()){if(pathway==Pathway.WHAT&&query.projection().equals("v"))result.add(new GraphLayer(query,query));if(pathway==Pathway.WHERE&&query.projection().equals("q"))for(LayerSpec key:manifest.projections())if(key.projection().equals("k")&&key.block().equals(query.block()))result.add(new GraphLayer(query,key));}if(result.isEmpty())throw new IllegalArgumentException(manifest.file()+": model '"+manifest.name()+"' exposes no attention "+(pathway==Pathway.WHERE?"query and key":"value")+" projections, which "+"pathway '"+pathway.label()+"' needs. Re-export the transformer with tools/export_model.py --qkv all, "+"or choose pathway 'layers'.");return result;}

/** The distinct outputs these graphs read. */
public static List<LayerSpec>outputs(List<GraphLayer>layers){List<LayerSpec>result=new ArrayList<>();for(GraphLayer layer:layers){if(!result.contains(layer.query()))result.add(layer.query());if(!result.contains(layer.key()))result.add(layer.key());}return result;}}
