namespace GlcicML.Masks;

/// <summary>
/// A small, fast, seedable generator (xoshiro256**, seeded through SplitMix64). Its sequence is fixed by this code,
/// not by the .NET runtime, so masks stay identical across .NET versions and machines.
/// </summary>
internal struct MaskRandom
{
    private ulong _s0, _s1, _s2, _s3;

    public MaskRandom(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    public ulong NextUInt64()
    {
        ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [<paramref name="min"/>, <paramref name="max"/>).</summary>
    public double NextDouble(double min, double max) => min + ((max - min) * NextDouble());

    /// <summary>Uniform integer in [<paramref name="minInclusive"/>, <paramref name="maxInclusive"/>].</summary>
    public int NextInt(int minInclusive, int maxInclusive)
    {
        ulong range = (ulong)((long)maxInclusive - minInclusive + 1);
        // Multiply-shift mapping (Lemire) without the rejection step: the bias is below 2^-32 for our ranges.
        ulong value = (ulong)(((UInt128)NextUInt64() * range) >> 64);
        return (int)(minInclusive + (long)value);
    }

    /// <summary>Mixes several 64-bit values into one well-spread seed.</summary>
    public static ulong Mix(ulong a, ulong b, ulong c = 0)
    {
        ulong x = a;
        ulong h = SplitMix64(ref x);
        x = h ^ b;
        h = SplitMix64(ref x);
        x = h ^ c;
        return SplitMix64(ref x);
    }

    private static ulong SplitMix64(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
