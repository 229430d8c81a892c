// Namespaces most files of this project use.
global using System.CommandLine;
global using GlcicML.Imaging;
global using GlcicML.Masks;
global using GlcicML.Batch;
global using GlcicML.Filling;
global using GlcicML.Inference;
global using GlcicML.PostProcessing;
global using GlcicML.Evaluation;
