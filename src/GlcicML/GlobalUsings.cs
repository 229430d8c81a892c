// Namespaces nearly every feature folder uses: images and masks, and ML.NET with the transforms' shared plumbing.
global using GlcicML.Imaging;
global using GlcicML.Masks;
global using GlcicML.Transforms;
global using GlcicML.Transforms.Persistence;
global using Microsoft.ML;
global using Microsoft.ML.Data;
global using GlcicML.Filling;
global using GlcicML.PostProcessing;
global using GlcicML.Batch;
global using GlcicML.Inference;
global using Microsoft.ML.Transforms;
