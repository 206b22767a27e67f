
package io.github.rosettaneurons.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The zoo packages the demo uses, by role. The defaults are sample zoo v2's;
 * the options name others (the first sample zoo's, a user's zoo).
 *
 * @param generator the anchor of the Rosetta mining and the inversions
 * @param mined the models mined against the generator
 * @param cnn the trained CNN: dissected, grouped, inverted through
 * @param cnnControl its random-init control
 * @param vit the trained ViT: its pathways, and the anchor of the buddy counts
 * @param vitControl its random-init control
 */
record DemoModels(String generator,List<String>mined,String cnn,String cnnControl,String vit,String vitControl){

static final Set<String>KEYS=Set.of("anchor","mine","cnn","cnn-control","vit","vit-control");

static DemoModels of(Arguments arguments){List<String>mined=new ArrayList<>();for(String name:arguments.get("mine","resnet-scenes,vit-scenes,context-encoder").split(","))if(!name.isBlank())mined.add(name.trim());return new DemoModels(arguments.get("anchor","scene-generator"),mined,arguments.get("cnn","resnet-scenes"),arguments.get("cnn-control","resnet-scenes-random"),arguments.get("vit","vit-scenes"),arguments.get("vit-control","vit-scenes-random"));}

}
