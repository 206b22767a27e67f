package io.github.rosettaneurons.rosetta;

import ai.djl.ndarray.types.DataType;

/**
 * Every choice of a mining run; {@link #defaults()} documents the defaults.
 *
 * @param batchSize images per forward pass and per GEMM; memory grows with it,
 *          results do not (except the reference variants, which average per
 *          batch)
 * @param stdVariant how unit standard deviations are computed (pass 1)
 * @param scoreVariant how pair scores are formed (pass 2)
 * @param gemmType FLOAT32 (fast) or FLOAT64 (as the reference) for the
 *          correlation products; sums are always float64
 * @param rule the best-buddy rule
 * @param topN n of {@link BuddyRule#RELAXED_TOP_N}
 * @param topK K of {@link BuddyRule#MUTUAL_TOP_K}
 * @param minCorrelation buddies scoring below this are ignored
 * @param minSpatialShare anchor units whose within-image share of variance is
 *          below this are dropped as "firing everywhere" (0 keeps all)
 */
public record MiningOptions(int batchSize,StdVariant stdVariant,ScoreVariant scoreVariant,DataType gemmType,BuddyRule rule,int topN,int topK,double minCorrelation,double minSpatialShare){public MiningOptions{if(batchSize<1)throw new IllegalArgumentException("Batch size must be at least 1, not "+batchSize);if(gemmType!=DataType.FLOAT32&&gemmType!=DataType.FLOAT64)throw new IllegalArgumentException("The correlation precision must be float32 or float64, not "+gemmType);if(topN<1||topK<1)throw new IllegalArgumentException("top-n and top-K must be at least 1");}

/**
 * Global statistics and cosine, float32 products, strict mutual best buddies,
 * no filters.
 */
public static MiningOptions defaults(){return new MiningOptions(8,StdVariant.GLOBAL,ScoreVariant.GLOBAL_COSINE,DataType.FLOAT32,BuddyRule.STRICT_MUTUAL,5,10,Double.NEGATIVE_INFINITY,0);}

public MiningOptions withRule(BuddyRule newRule){return new MiningOptions(batchSize,stdVariant,scoreVariant,gemmType,newRule,topN,topK,minCorrelation,minSpatialShare);}

public MiningOptions withBatchSize(int size){return new MiningOptions(size,stdVariant,scoreVariant,gemmType,rule,topN,topK,minCorrelation,minSpatialShare);}

public MiningOptions withMinCorrelation(double minimum){return new MiningOptions(batchSize,stdVariant,scoreVariant,gemmType,rule,topN,topK,minimum,minSpatialShare);}

/**
 * What must agree between shards of one run (the buddy rule and filters may
 * differ).
 */
String fingerprint(){return stdVariant+"/"+scoreVariant+"/"+gemmType+(scoreVariant==ScoreVariant.BATCH_MEAN_COSINE||stdVariant==StdVariant.BATCH_AVERAGED?"/batch="+batchSize:"");}}
