using System.Buffers.Binary;
using System.Text;

namespace GlcicML.Training.Native;

/// <summary>
/// Reads and edits the symbol-version requirements (<c>.gnu.version_r</c>) of a 64-bit little-endian ELF shared
/// library: which versions (e.g. GLIBCXX_3.4.32) it needs from which libraries, and whether each need is weak.
/// </summary>
/// <remarks>
/// A weak version need (flag VER_FLG_WEAK) tells glibc's loader that a missing version is not fatal: it reports
/// "weak version not found" and loads the library. Only symbols bound to that version would fail, and only if called.
/// </remarks>
internal static class ElfVersionNeeds
{
    private const uint SectionTypeVersionNeeds = 0x6ffffffe; // SHT_GNU_verneed
    private const ushort WeakFlag = 0x2;                       // VER_FLG_WEAK

    /// <summary>One version a library needs from another.</summary>
    /// <param name="Library">The library providing the version, e.g. libstdc++.so.6.</param>
    /// <param name="Version">The version name, e.g. GLIBCXX_3.4.32.</param>
    /// <param name="IsWeak">True when a missing version is not fatal.</param>
    /// <param name="FlagsOffset">File offset of the entry's 16-bit flags.</param>
    public readonly record struct Need(string Library, string Version, bool IsWeak, int FlagsOffset);

    /// <summary>Every version need of the ELF image in <paramref name="elf"/>.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a 64-bit little-endian ELF file with section headers.</exception>
    public static IReadOnlyList<Need> Read(ReadOnlySpan<byte> elf)
    {
        if (elf.Length < 64 || !elf.StartsWith((ReadOnlySpan<byte>)[0x7F, (byte)'E', (byte)'L', (byte)'F']) || elf[4] != 2 || elf[5] != 1)
        {
            throw new InvalidDataException("Not a 64-bit little-endian ELF file.");
        }

        int sectionTable = Offset(BinaryPrimitives.ReadUInt64LittleEndian(elf[0x28..]), elf.Length);
        int entrySize = BinaryPrimitives.ReadUInt16LittleEndian(elf[0x3A..]);
        int sectionCount = BinaryPrimitives.ReadUInt16LittleEndian(elf[0x3C..]);
        var needs = new List<Need>();
        for (int s = 0; s < sectionCount; s++)
        {
            ReadOnlySpan<byte> header = Slice(elf, sectionTable + (s * entrySize), 64);
            if (BinaryPrimitives.ReadUInt32LittleEndian(header[4..]) != SectionTypeVersionNeeds)
            {
                continue;
            }

            int start = Offset(BinaryPrimitives.ReadUInt64LittleEndian(header[0x18..]), elf.Length);
            int stringSection = (int)BinaryPrimitives.ReadUInt32LittleEndian(header[0x28..]);
            int entries = (int)BinaryPrimitives.ReadUInt32LittleEndian(header[0x2C..]);
            int strings = Offset(BinaryPrimitives.ReadUInt64LittleEndian(Slice(elf, sectionTable + (stringSection * entrySize), 64)[0x18..]), elf.Length);

            int need = start;
            for (int n = 0; n < entries; n++)
            {
                ReadOnlySpan<byte> verneed = Slice(elf, need, 16);
                int auxCount = BinaryPrimitives.ReadUInt16LittleEndian(verneed[2..]);
                string library = ReadString(elf, strings, BinaryPrimitives.ReadUInt32LittleEndian(verneed[4..]));
                int aux = need + (int)BinaryPrimitives.ReadUInt32LittleEndian(verneed[8..]);
                for (int a = 0; a < auxCount; a++)
                {
                    ReadOnlySpan<byte> vernaux = Slice(elf, aux, 16);
                    ushort flags = BinaryPrimitives.ReadUInt16LittleEndian(vernaux[4..]);
                    string version = ReadString(elf, strings, BinaryPrimitives.ReadUInt32LittleEndian(vernaux[8..]));
                    needs.Add(new Need(library, version, (flags & WeakFlag) != 0, aux + 4));
                    aux += (int)BinaryPrimitives.ReadUInt32LittleEndian(vernaux[12..]);
                }

                need += (int)BinaryPrimitives.ReadUInt32LittleEndian(verneed[12..]);
            }
        }

        return needs;
    }

    /// <summary>Marks the named version need weak in place; returns how many entries changed (0 if already weak).</summary>
    public static int MakeWeak(Span<byte> elf, string library, string version)
    {
        int changed = 0;
        foreach (Need need in Read(elf))
        {
            if (need.Library == library && need.Version == version && !need.IsWeak)
            {
                ushort flags = BinaryPrimitives.ReadUInt16LittleEndian(elf[need.FlagsOffset..]);
                BinaryPrimitives.WriteUInt16LittleEndian(elf[need.FlagsOffset..], (ushort)(flags | WeakFlag));
                changed++;
            }
        }

        return changed;
    }

    private static int Offset(ulong value, int length) =>
        value < (ulong)length ? (int)value : throw new InvalidDataException($"ELF offset {value} lies outside the {length}-byte file.");

    private static ReadOnlySpan<byte> Slice(ReadOnlySpan<byte> elf, int start, int length) =>
        start >= 0 && start + length <= elf.Length ? elf.Slice(start, length) : throw new InvalidDataException("Truncated ELF structure.");

    private static string ReadString(ReadOnlySpan<byte> elf, int table, uint offset)
    {
        int start = table + (int)offset;
        int end = elf[start..].IndexOf((byte)0);
        return end < 0 ? throw new InvalidDataException("Unterminated ELF string.") : Encoding.ASCII.GetString(elf.Slice(start, end));
    }
}
