package io.github.rosettaneurons.engine;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The header of a NumPy {@code .npy} file (format versions 1 to 3), read
 * without the data: BioImage.IO test tensors give the sizes of parameterized
 * axes.
 *
 * @param dtype NumPy's type description, e.g. {@code <f4} for little-endian
 *          float32
 * @param shape the array's sizes
 * @param dataOffset bytes before the first value
 */
public record NpyHeader(String dtype,long[]shape,int dataOffset){

private static final Pattern SHAPE=Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");private static final Pattern DTYPE=Pattern.compile("'descr'\\s*:\\s*'([^']*)'");

public static NpyHeader read(Path file)throws IOException{try(DataInputStream in=new DataInputStream(Files.newInputStream(file))){byte[]magic=new byte[6];in.readFully(magic);if(magic[0]!=(byte)0x93||!new String(magic,1,5,StandardCharsets.US_ASCII).equals("NUMPY"))throw new IOException("not a NumPy .npy file");int major=in.readUnsignedByte();in.readUnsignedByte();int length=major==1?Short.toUnsignedInt(Short.reverseBytes(in.readShort())):Integer.reverseBytes(in.readInt());byte[]header=new byte[length];in.readFully(header);String text=new String(header,major>=3?StandardCharsets.UTF_8:StandardCharsets.ISO_8859_1);Matcher shape=SHAPE.matcher(text);Matcher dtype=DTYPE.matcher(text);if(!shape.find()||!dtype.find())throw new IOException("the .npy header names no shape or type");long[]sizes=Arrays.stream(shape.group(1).split(",")).map(String::trim).filter(s->!s.isEmpty()).mapToLong(Long::parseLong).toArray();return new NpyHeader(dtype.group(1),sizes,(major==1?10:12)+length);}catch(NumberFormatException e){throw new IOException("the .npy header's shape is not a list of sizes",e);}}}
