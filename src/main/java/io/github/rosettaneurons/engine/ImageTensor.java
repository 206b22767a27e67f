package io.github.rosettaneurons.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The image tensor of a manifest (the input of an image model, the output of a
 * generator) in any format the plugin reads: its channels, the height and width
 * the model runs at, and how pixels are normalised.
 */
record ImageTensor(int channels,int height,int width,Preprocessing preprocessing){

private static final List<String>LAYOUT=List.of("batch","channel","y","x");private static final String LAYOUT_FIX="The plugin reads 2-D images with axes batch, channel, y, x in this "+"order (bcyx); it cannot use z, time or index axes. Use a 2-D model, or export one with tools/export_model.py";private static final String SUPPORTED_STEPS="Supported: fixed_zero_mean_unit_variance, zero_mean_unit_variance, ensure_dtype (float32)";

/**
 * @param testTensor the tensor's test file (checked to exist), whose sizes
 *          stand for parameterized ones; null when the manifest names none
 */
static ImageTensor read(ManifestReader in,Map<?,?>tensor,String path,ManifestFormat format,Path testTensor){int[]sizes=format==ManifestFormat.BIOIMAGEIO_0_5?axisSizes(in,tensor,path,testTensor):shapeSizes(in,tensor,path,testTensor);long values=(long)sizes[0]*sizes[1]*sizes[2]; // long:
																																																																																																																																											// a
																																																																																																																																											// huge
																																																																																																																																											// shape
																																																																																																																																											// must
																																																																																																																																											// not
																																																																																																																																											// wrap
																																																																																																																																											// round
																																																																																																																																											// to
																																																																																																																																											// a
																																																																																																																																											// negative
																																																																																																																																											// size
if(values>Integer.MAX_VALUE)throw in.invalid(format==ManifestFormat.BIOIMAGEIO_0_5?path+".axes":path+".shape","asks for "+sizes[0]+" x "+sizes[1]+" x "+sizes[2]+" = "+values+" values per image, more than one image can hold ("+Integer.MAX_VALUE+")","Give the image size the model was exported for, e.g. 3 x 224 x 224");return new ImageTensor(sizes[0],sizes[1],sizes[2],preprocessing(in,tensor,path,format,sizes[0]));}

/**
 * BioImage.IO 0.5 axis objects: batch, channel (its names give the count),
 * space y, space x.
 */
private static int[]axisSizes(ManifestReader in,Map<?,?>tensor,String path,Path testTensor){List<?>axes=in.list(tensor,path,"axes");List<String>layout=new ArrayList<>();for(int i=0;i<axes.size();i++){String axisPath=path+".axes["+i+"]";Map<?,?>axis=in.map(axes.get(i),axisPath);String type=in.string(axis,axisPath,"type");String id=in.string(axis,axisPath,"id",type.equals("space")?"x":type);String role=type.equals("space")?id:type;if(!LAYOUT.contains(role)||layout.contains(role))throw in.invalid(axisPath,"is a "+type+" axis ('"+id+"')",LAYOUT_FIX);layout.add(role);}if(!layout.equals(LAYOUT))throw in.invalid(path+".axes","are "+String.join(", ",layout),LAYOUT_FIX);String channelPath=path+".axes[1]";List<?>names=in.list(in.map(axes.get(1),channelPath),channelPath,"channel_names");if(names.isEmpty())throw in.invalid(channelPath+".channel_names","is empty","Name every channel");return new int[]{names.size(),spaceSize(in,in.map(axes.get(2),path+".axes[2]"),path+".axes[2]",testTensor,2),spaceSize(in,in.map(axes.get(3),path+".axes[3]"),path+".axes[3]",testTensor,3)};}

private static int spaceSize(ManifestReader in,Map<?,?>axis,String axisPath,Path testTensor,int index){Object size=axis.get("size");String sizePath=axisPath+".size";if(size instanceof Map<?,?>range&&range.containsKey("min"))return testSize(in,testTensor,index,in.integer(range,sizePath,"min",null));if(size instanceof Map)throw in.invalid(sizePath,"refers to another tensor's size","Give the image a fixed size or a {min, step} range");return positive(in,size,sizePath);}

/**
 * BioImage.IO 0.4 and the plugin's earlier form: axes 'bcyx' and shape [1, C,
 * H, W] or {min, step}.
 */
private static int[]shapeSizes(ManifestReader in,Map<?,?>tensor,String path,Path testTensor){String axes=in.string(tensor,path,"axes");if(!axes.equals("bcyx"))throw in.invalid(path+".axes","is '"+axes+"'",LAYOUT_FIX);String shapePath=path+".shape";Object shape=tensor.get("shape");boolean range=shape instanceof Map;List<?>sizes=range?in.list((Map<?,?>)shape,shapePath,"min"):in.list(tensor,path,"shape");String sizesPath=range?shapePath+".min":shapePath;if(sizes.size()!=4)throw in.invalid(sizesPath,"has "+sizes.size()+" entries","Give four sizes [batch, channels, height, width]");int[]result=new int[3];for(int i=1;i<4;i++){int size=positive(in,sizes.get(i),sizesPath+"["+i+"]");result[i-1]=range&&i>1?testSize(in,testTensor,i,size):size;}return result;}

/**
 * A parameterized axis runs at the test tensor's size (a valid one by
 * construction), else at its minimum.
 */
private static int testSize(ManifestReader in,Path testTensor,int index,int minimum){if(testTensor==null)return minimum;try{long[]shape=NpyHeader.read(testTensor).shape();if(shape.length!=4)throw new IOException("it has "+shape.length+" dimensions, not 4 (bcyx)");return(int)shape[index];}catch(IOException e){throw new ModelPackageException(testTensor+": the test tensor cannot be read ("+e.getMessage()+"). Save it with numpy.save as a (1, C, H, W) array.",e);}}

private static int positive(ManifestReader in,Object value,String path){double number=in.number(value,path);if(number<1||number!=Math.rint(number))throw in.invalid(path,"is "+value,"Give a positive whole number");return(int)number;}

private static Preprocessing preprocessing(ManifestReader in,Map<?,?>tensor,String path,ManifestFormat format,int channels){float[]mean=new float[channels];float[]std=new float[channels];Arrays.fill(std,1f);boolean perSample=false;if(tensor.get("preprocessing")==null)return new Preprocessing(mean,std,false);List<?>steps=in.list(tensor,path,"preprocessing");for(int i=0;i<steps.size();i++){String stepPath=path+".preprocessing["+i+"]";Map<?,?>step=in.map(steps.get(i),stepPath);String idKey=step.get("id")==null&&step.get("name")!=null?"name":"id";String id=in.string(step,stepPath,idKey);Map<?,?>kwargs=step.get("kwargs")==null?Map.of():in.child(step,stepPath,"kwargs");String kwargsPath=stepPath+".kwargs";String mode=id.equals("zero_mean_unit_variance")&&format==ManifestFormat.BIOIMAGEIO_0_4?in.string(kwargs,kwargsPath,"mode","per_sample"):id.equals("fixed_zero_mean_unit_variance")?"fixed":"per_sample";switch(id){case"fixed_zero_mean_unit_variance","zero_mean_unit_variance"->{if(mode.equals("fixed")){if(format==ManifestFormat.BIOIMAGEIO_0_5&&kwargs.get("mean")instanceof List)checkChannelAxis(in,tensor,kwargs,kwargsPath);mean=perChannel(in,kwargs,kwargsPath,"mean",channels);std=perChannel(in,kwargs,kwargsPath,"std",channels);for(float s:std)if(s<=0)throw in.invalid(kwargsPath+".std","has a value <= 0","Every std must be positive");}else if(mode.equals("per_sample")){checkWholeImage(in,kwargs,kwargsPath,format,channels);perSample=true;}else throw in.invalid(kwargsPath+".mode","is '"+mode+"'","Use fixed or per_sample; the plugin has no dataset statistics");}case"ensure_dtype"->{String dtype=in.string(kwargs,kwargsPath,"dtype");if(!dtype.equals("float32"))throw in.invalid(kwargsPath+".dtype","is '"+dtype+"'","The plugin feeds float32 images; only ensure_dtype float32 is supported");}default->throw in.invalid(stepPath+"."+idKey,"is '"+id+"'",SUPPORTED_STEPS);}}return new Preprocessing(mean,std,perSample);}

/** One number for every channel, or one per channel. */
private static float[]perChannel(ManifestReader in,Map<?,?>kwargs,String kwargsPath,String key,int channels){Object value=kwargs.get(key);if(!(value instanceof Number number))return in.floats(value,kwargsPath+"."+key,channels);float[]all=new float[channels];Arrays.fill(all,number.floatValue());return all;}

/**
 * BioImage.IO 0.5 names the axis per-value lists run along; the plugin
 * normalises along the channels only.
 */
private static void checkChannelAxis(ManifestReader in,Map<?,?>tensor,Map<?,?>kwargs,String kwargsPath){Object channelId=((Map<?,?>)((List<?>)tensor.get("axes")).get(1)).get("id");String channel=channelId==null?"channel":channelId.toString();Object axis=kwargs.get("axis");if(axis==null)throw in.invalid(kwargsPath+".axis","is missing","BioImage.IO 0.5 needs axis: "+channel+" next to per-channel mean and std lists");if(!channel.equals(axis))throw in.invalid(kwargsPath+".axis","is '"+axis+"'","The plugin normalises per channel: write axis: "+channel);}

/** The plugin standardises each image over all its channels and pixels. */
private static void checkWholeImage(ManifestReader in,Map<?,?>kwargs,String kwargsPath,ManifestFormat format,int channels){Object axes=kwargs.get("axes");if(axes==null)return;List<String>names=axes instanceof List<?>list?list.stream().map(String::valueOf).toList():axes.toString().chars().mapToObj(c->String.valueOf((char)c)).toList();String channel=format==ManifestFormat.BIOIMAGEIO_0_4?"c":"channel";boolean whole=names.contains("x")&&names.contains("y")&&(channels==1||names.contains(channel))&&!names.contains("b")&&!names.contains("batch");if(!whole)throw in.invalid(kwargsPath+".axes","is "+axes,"The plugin standardises each image over "+"its channels and pixels (axes "+(format==ManifestFormat.BIOIMAGEIO_0_4?"cyx":"[channel, y, x]")+"); other standardisations are not supported");}}
