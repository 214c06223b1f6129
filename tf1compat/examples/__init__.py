"""The tutorials' helpers scripts import from TensorFlow (MNIST's input_data)."""
