// Namespaces most files of this project use.
global using System.CommandLine;
global using GlcicML.Training.Training;
global using GlcicML.Training.Export;
global using GlcicML.Cli.Commands;
