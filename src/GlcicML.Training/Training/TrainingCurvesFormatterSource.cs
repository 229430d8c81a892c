namespace GlcicML.Training.Training;

/// <summary>Shows <see cref="TrainingCurves"/> as an SVG chart in .NET Interactive notebooks (members found by name).</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "The kernel calls these members on instances, by name.")]
internal sealed class TrainingCurvesFormatterSource
{
    public IEnumerable<object> CreateTypeFormatters() => [new SvgFormatter()];

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "The kernel reads these members on instances, by name.")]
    internal sealed class SvgFormatter
    {
        public string MimeType => "text/html";

        public Type Type => typeof(TrainingCurves);

        public bool Format(object instance, TextWriter writer)
        {
            if (instance is not TrainingCurves curves)
            {
                return false;
            }

            writer.Write(curves.ToSvg());
            return true;
        }
    }
}
