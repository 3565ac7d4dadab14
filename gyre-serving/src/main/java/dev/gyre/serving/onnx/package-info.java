/**
 * Models in the ONNX format served through ONNX Runtime: {@link dev.gyre.serving.onnx.OnnxModel} is a
 * {@link dev.gyre.training.TrainedModel} whose envelope payload ({@code onnx/1}) holds the ONNX bytes and the
 * mapping of Gyre's rows and predictions onto the graph's tensors ({@link dev.gyre.serving.onnx.OnnxMapping}).
 */
package dev.gyre.serving.onnx;
