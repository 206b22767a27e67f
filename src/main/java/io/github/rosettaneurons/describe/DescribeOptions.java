package io.github.rosettaneurons.describe;

/**
 * Settings of a Describe-and-Dissect run; {@link #defaults()} are the
 * reference's constants except where docs/describe.md says otherwise.
 *
 * @param topImages K, top activating images per unit from the probing set (10)
 * @param cropsPerImage attention crops per top image (4)
 * @param canvas side of the square canvas the crops are found on (375)
 * @param scaling how maps become 8-bit heatmaps (min–max; the reference's
 *          clamped ×255 is an option)
 * @param pooling how maps become one value per image (mean)
 * @param scoring best-concept scoring (topk_compare: TopK Squared Mean ordinal
 *          × image similarity)
 * @param imagesPerConcept Q, concept images per candidate (10)
 * @param candidates candidates per unit from vocabulary or masks (5, as the
 *          reference's five summaries)
 * @param labels labels reported per unit (3)
 */
public record DescribeOptions(int topImages,int cropsPerImage,int canvas,HeatmapScaling scaling,Pooling pooling,Scoring scoring,int imagesPerConcept,int candidates,int labels){
/**
 * The reference keeps min(blip_batch_size = 10, K) pool images per unit for
 * captioning and similarity.
 */
public static final int CAPTION_IMAGES=10;

public DescribeOptions{if(topImages<1)throw new IllegalArgumentException("Top images must be at least 1, not "+topImages);if(imagesPerConcept<1)throw new IllegalArgumentException("Images per concept must be at least 1, not "+imagesPerConcept);if(candidates<1||labels<1)throw new IllegalArgumentException("Candidates and labels must be at least 1");}

public static DescribeOptions defaults(){return new DescribeOptions(10,AttentionCrops.DEFAULT_MAX_CROPS,AttentionCrops.DEFAULT_CANVAS,HeatmapScaling.MIN_MAX,Pooling.MEAN,Scoring.TOPK_COMPARE,10,5,3);}

public DescribeOptions withTopImages(int k){return new DescribeOptions(k,cropsPerImage,canvas,scaling,pooling,scoring,imagesPerConcept,candidates,labels);}

public DescribeOptions withCrops(int crops){return new DescribeOptions(topImages,crops,canvas,scaling,pooling,scoring,imagesPerConcept,candidates,labels);}

public DescribeOptions withScaling(HeatmapScaling s){return new DescribeOptions(topImages,cropsPerImage,canvas,s,pooling,scoring,imagesPerConcept,candidates,labels);}

public DescribeOptions withPooling(Pooling p){return new DescribeOptions(topImages,cropsPerImage,canvas,scaling,p,scoring,imagesPerConcept,candidates,labels);}

public DescribeOptions withScoring(Scoring s){return new DescribeOptions(topImages,cropsPerImage,canvas,scaling,pooling,s,imagesPerConcept,candidates,labels);}

public AttentionCrops crops(){return new AttentionCrops(scaling,canvas,cropsPerImage);}}
