package io.github.rosettaneurons.describe;

/**
 * An axis-aligned box in pixel coordinates, start inclusive and end exclusive,
 * as OpenCV's boundingRect gives it: (x, y, x + w, y + h).
 */
public record Box(int x0,int y0,int x1,int y1){

public Box{if(x1<=x0||y1<=y0)throw new IllegalArgumentException("Empty box "+x0+","+y0+","+x1+","+y1);}

public long area(){return(long)(x1-x0)*(y1-y0);}

public int width(){return x1-x0;}public int height(){return y1-y0;}

/** Intersection over union of the two boxes' areas. */
public double iou(Box other){long w=Math.max(0,Math.min(x1,other.x1)-Math.max(x0,other.x0));long h=Math.max(0,Math.min(y1,other.y1)-Math.max(y0,other.y0));long intersection=w*h;return(double)intersection/(area()+other.area()-intersection);}}
