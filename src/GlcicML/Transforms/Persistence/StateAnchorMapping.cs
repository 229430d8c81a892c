using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace GlcicML.Transforms.Persistence;

/// <summary>A mapping with no inputs that adds a constant column, so state constants can be computed from it
/// whatever columns the user's data has (ML.NET's Expression transform needs an input column).</summary>
[CustomMappingFactoryAttribute(Contract)]
internal sealed class StateAnchorMapping : CustomMappingFactory<NoColumns, StateAnchorRow>
{
    public const string Contract = "GlcicML.StateAnchor.v1";

    public static void Map(NoColumns input, StateAnchorRow output) => output.Anchor = 0;

    public override Action<NoColumns, StateAnchorRow> GetMapping() => Map;
}

/// <summary>A row with no columns.</summary>
internal sealed class NoColumns
{
}

/// <summary>The anchor's output row.</summary>
internal sealed class StateAnchorRow
{
    [ColumnName(InternalColumns.Anchor)]
    public float Anchor { get; set; }
}
