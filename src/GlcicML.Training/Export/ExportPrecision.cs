namespace GlcicML.Training.Export;

/// <summary>Number format of an exported model.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "The members name number formats.")]
public enum ExportPrecision
{
    /// <summary>32-bit floats: exact (the default).</summary>
    Float32,

    /// <summary>
    /// 8-bit integers (QDQ form: uint8 activations per tensor, int8 weights per output channel, int32 biases), for
    /// faster CPU inference on processors with VNNI. Needs calibration inputs.
    /// </summary>
    Int8,
}
