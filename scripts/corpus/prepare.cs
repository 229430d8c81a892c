#!/usr/bin/env dotnet
// Resizes the photos listed in photos.csv (extracted from Debian packages by fetch.sh) into a training corpus:
// <out>/train and <out>/heldout as PNG, shorter side 512 px, and <out>/LICENSES.md. With --sheet, writes a contact
// sheet of every image under the extracted packages instead (for choosing which photos to list).
//   dotnet run prepare.cs -- <extracted-folder> <out-folder> [--sheet]
#:project ../../src/GlcicML/GlcicML.csproj
#:property PublishAot=false
#:property GenerateDocumentationFile=true
using GlcicML.Imaging;

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: dotnet run prepare.cs -- <extracted-folder> <out-folder> [--sheet]");
    return 2;
}

string extracted = Path.GetFullPath(args[0]), output = Path.GetFullPath(args[1]);
const int ShorterSide = 512;
Directory.CreateDirectory(output);

if (args.Contains("--sheet"))
{
    var thumbnails = new List<RgbImage>();
    var names = new List<string>();
    foreach (string relative in ImageFiles.Find(extracted).Order(StringComparer.Ordinal))
    {
        string file = Path.Combine(extracted, relative);
        RgbImage image = RgbImage.Load(file);
        double scale = 160.0 / Math.Max(image.Width, image.Height);
        thumbnails.Add(image.Resize(Math.Max(1, (int)(image.Width * scale)), Math.Max(1, (int)(image.Height * scale))));
        names.Add($"{thumbnails.Count - 1,3} {Path.GetRelativePath(extracted, file)}");
    }

    for (int start = 0; start < thumbnails.Count; start += 30)
    {
        ImageGrid.Compose([.. thumbnails.Skip(start).Take(30)], columns: 6).Save(Path.Combine(output, $"sheet-{start / 30}.png"));
    }

    File.WriteAllLines(Path.Combine(output, "sheet-index.txt"), names);
    Console.WriteLine($"{thumbnails.Count} images; sheets and index in {output}");
    return 0;
}

string list = Path.Combine(AppContext.GetData("EntryPointFileDirectoryPath") as string ?? Directory.GetCurrentDirectory(), "photos.csv");
var rows = File.ReadAllLines(list).Skip(1).Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split(',')).ToList();
var licences = new List<string> { "| file | split | package | source file | author | licence |", "| --- | --- | --- | --- | --- | --- |" };
foreach (string[] row in rows)
{
    // split,package,path-inside-package,author,licence
    (string split, string package, string path, string author, string licence) = (row[0], row[1], row[2], row[3], row[4]);
    string source = Path.Combine(extracted, package, path);
    RgbImage image = RgbImage.Load(source);
    double scale = (double)ShorterSide / Math.Min(image.Width, image.Height);
    RgbImage resized = scale < 1 ? image.Resize((int)Math.Round(image.Width * scale), (int)Math.Round(image.Height * scale)) : image;
    string name = $"{package}-{Path.GetFileNameWithoutExtension(path)}.png".Replace(' ', '_');
    Directory.CreateDirectory(Path.Combine(output, split));
    resized.Save(Path.Combine(output, split, name));
    licences.Add($"| {name} | {split} | {package} | {path} | {author} | {licence} |");
}

File.WriteAllLines(Path.Combine(output, "LICENSES.md"), [
    "# Training corpus: photos from Debian packages",
    "",
    "Resized copies (shorter side 512 px) of photos shipped in Debian 12 packages; each package's",
    "/usr/share/doc/<package>/copyright is the authority. Made by scripts/corpus/fetch.sh.",
    "",
    .. licences]);
Console.WriteLine($"{rows.Count} photos: {rows.Count(r => r[0] == "train")} train, {rows.Count(r => r[0] == "heldout")} held out, in {output}");
return 0;
