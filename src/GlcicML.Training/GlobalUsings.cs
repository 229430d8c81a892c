// Namespaces most files of this project use.
global using TorchSharp;
global using static TorchSharp.torch;
global using GlcicML.Imaging;
global using GlcicML.Masks;
global using GlcicML.Filling;
global using GlcicML.Inference;
global using GlcicML.Training.Training;
global using GlcicML.Training.Networks;
global using GlcicML.Training.Native;
