namespace GlcicML.Notebooks;

/// <summary>
/// Names the class that tells .NET Interactive notebooks how to display a type. The notebook kernel recognises the
/// attribute by its name (a convention of Microsoft.DotNet.Interactive.Formatting), so GlcicML needs no reference
/// to the kernel and costs nothing outside notebooks.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
internal sealed class TypeFormatterSourceAttribute(Type formatterSourceType) : Attribute
{
    public Type FormatterSourceType { get; } = formatterSourceType;

    public string[] PreferredMimeTypes { get; set; } = ["text/html"];
}
