namespace GlcicML.Training.Tests;

/// <summary>libtorch uses every core for each operation; running torch-heavy test classes one at a time keeps them fast.</summary>
[CollectionDefinition("Torch", DisableParallelization = true)]
public sealed class TorchTestGroup
{
}
