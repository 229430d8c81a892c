namespace GlcicML.Masks;

/// <summary>Which side of the threshold marks a hole in a mask image.</summary>
public enum MaskPolarity
{
    /// <summary>Values at or above the threshold are holes (white = fill). The default, as in GLCIC, OpenCV and LaMa.</summary>
    BrightIsHole,

    /// <summary>Values below the threshold are holes (black = fill), as in MAT or OpenCV's xphoto module.</summary>
    DarkIsHole,
}
