package io.github.rosettaneurons.invert;

import java.util.Random;

/**
 * How a latent is optimised: Adam's learning rate and betas, the schedule, the
 * loss weights and what is recorded. The defaults are the reference notebooks'
 * ({@link #inversion()}, {@link #edit(TargetEdit)}).
 *
 * @param steps optimisation steps
 * @param learningRate Adam's base learning rate
 * @param beta1 Adam's first-moment decay
 * @param beta2 Adam's second-moment decay
 * @param rampDown the StyleGAN2-ADA projector schedule (5 % warm-up, cosine
 *          ramp-down over the last 25 %); else constant
 * @param pixelWeight weight of the pixel loss, mean squared difference of [0,
 *          1] images (0: activations only)
 * @param regulariserWeight weight of mean((z − anchor)²), the anchor being 0
 *          for inversion and the start latent for edits
 * @param saveEvery record the image every this many steps for the trajectory
 *          (0: start and result only)
 * @param seed seed of the start latent, truncated normal on [−1, 1]
 */
public record OptimisationOptions(int steps,double learningRate,double beta1,double beta2,boolean rampDown,double pixelWeight,double regulariserWeight,int saveEvery,long seed){
/**
 * The reference's activation-loss inversion: 1000 steps of Adam (lr 0.01, betas
 * 0.5, 0.999), constant rate.
 */
public static OptimisationOptions inversion(){return new OptimisationOptions(1000,0.01,0.5,0.999,false,0,0,0,0);}

/**
 * The reference's edit settings: Adam (0.9, 0.999) with the ramp-down schedule;
 * shift lr 1e-3 × 500 steps, zoom the same plus 10·mean((z − z₁)²), copy-paste
 * lr 1e-2 × 1000 steps from a fresh latent.
 */
public static OptimisationOptions edit(TargetEdit edit){switch(edit){case SHIFT:return new OptimisationOptions(500,1e-3,0.9,0.999,true,0,0,0,0);case ZOOM:return new OptimisationOptions(500,1e-3,0.9,0.999,true,0,10,0,0);default:return new OptimisationOptions(1000,1e-2,0.9,0.999,true,0,0,0,0);}}

public OptimisationOptions{if(steps<1)throw new IllegalArgumentException("Optimise for at least one step, not "+steps+".");if(!(learningRate>0))throw new IllegalArgumentException("The learning rate must be positive, not "+learningRate+".");if(pixelWeight<0||regulariserWeight<0)throw new IllegalArgumentException("Loss weights cannot be negative.");if(saveEvery<0)throw new IllegalArgumentException("Save every N steps needs N >= 0, not "+saveEvery+".");}

public OptimisationOptions withSteps(int value){return new OptimisationOptions(value,learningRate,beta1,beta2,rampDown,pixelWeight,regulariserWeight,saveEvery,seed);}

public OptimisationOptions withLearningRate(double value){return new OptimisationOptions(steps,value,beta1,beta2,rampDown,pixelWeight,regulariserWeight,saveEvery,seed);}

public OptimisationOptions withPixelWeight(double value){return new OptimisationOptions(steps,learningRate,beta1,beta2,rampDown,value,regulariserWeight,saveEvery,seed);}

public OptimisationOptions withRegulariserWeight(double value){return new OptimisationOptions(steps,learningRate,beta1,beta2,rampDown,pixelWeight,value,saveEvery,seed);}

public OptimisationOptions withSaveEvery(int value){return new OptimisationOptions(steps,learningRate,beta1,beta2,rampDown,pixelWeight,regulariserWeight,value,seed);}

public OptimisationOptions withSeed(long value){return new OptimisationOptions(steps,learningRate,beta1,beta2,rampDown,pixelWeight,regulariserWeight,saveEvery,value);}

/**
 * These options with the steps, rate and regulariser weight given where they
 * are set (> 0, > 0, >= 0).
 */
public OptimisationOptions withOverrides(int newSteps,double newRate,double newRegulariserWeight){OptimisationOptions options=this;if(newSteps>0)options=options.withSteps(newSteps);if(newRate>0)options=options.withLearningRate(newRate);if(newRegulariserWeight>=0)options=options.withRegulariserWeight(newRegulariserWeight);return options;}

/** The learning rate of step {@code step} (0-based). */
public double learningRateAt(int step){if(!rampDown)return learningRate;double t=(double)step/steps;double ramp=Math.min(1,(1-t)/0.25);ramp=0.5-0.5*Math.cos(Math.PI*ramp);return learningRate*ramp*Math.min(1,t/0.05);}

/**
 * The seeded start latent: a standard normal truncated to [−1, 1] (the
 * reference's truncnorm(±1)).
 */
public float[]startLatent(int size){Random random=new Random(seed);float[]z=new float[size];for(int i=0;i<size;i++){double value;do value=random.nextGaussian();while(Math.abs(value)>1);z[i]=(float)value;}return z;}}
