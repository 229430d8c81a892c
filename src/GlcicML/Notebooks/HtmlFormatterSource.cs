namespace GlcicML.Notebooks;

/// <summary>
/// The formatters notebooks use for GlcicML's images (see <see cref="TypeFormatterSourceAttribute"/>): each value
/// displays as an inline PNG. The members are found by name: <c>CreateTypeFormatters</c>, and on each formatter
/// <c>MimeType</c>, <c>Type</c> and <c>Format(object, TextWriter)</c>.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "The kernel calls these members on instances, by name.")]
internal sealed class HtmlFormatterSource
{
    public IEnumerable<object> CreateTypeFormatters() =>
    [
        new HtmlFormatter(typeof(RgbImage), value => ImageHtml.Img((RgbImage)value)),
        new HtmlFormatter(typeof(InpaintingMask), value => ImageHtml.Img((InpaintingMask)value)),
        new HtmlFormatter(typeof(ImageStrip), value => ((ImageStrip)value).ToHtml()),
    ];

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "The kernel reads MimeType on instances, by name.")]
    internal sealed class HtmlFormatter(Type type, Func<object, string> html)
    {
        public string MimeType => "text/html";

        public Type Type => type;

        public bool Format(object instance, TextWriter writer)
        {
            if (!type.IsInstanceOfType(instance))
            {
                return false;
            }

            writer.Write(html(instance));
            return true;
        }
    }
}
