using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NSwag;
using NSwag.CodeGeneration.CSharp;
using NSwag.CodeGeneration.OperationNameGenerators;

namespace EventSourcedRag.Api.Tests.Contract;

/// <summary>
/// A C# client of the API as a client team would make it: NSwag's generator run on /openapi/v1.json with its
/// usual settings (one client, methods named by operationId, System.Text.Json), compiled with Roslyn and loaded.
/// </summary>
public sealed class GeneratedClient
{
    public const string Namespace = "EventSourcedRag.GeneratedClient";
    public const string ClassName = "EsragClient";

    private readonly Assembly _assembly;

    private GeneratedClient(Assembly assembly, string code) => (_assembly, Code) = (assembly, code);

    /// <summary>The generated source, for a failure message.</summary>
    public string Code { get; }

    public static async Task<GeneratedClient> GenerateAsync(string openApiJson)
    {
        var document = await OpenApiDocument.FromJsonAsync(openApiJson);
        var settings = new CSharpClientGeneratorSettings
        {
            ClassName = ClassName,
            UseBaseUrl = false, // the HttpClient's BaseAddress, as with IHttpClientFactory
            GenerateClientInterfaces = false,
            OperationNameGenerator = new SingleClientFromOperationIdOperationNameGenerator(),
        };
        settings.CSharpGeneratorSettings.Namespace = Namespace;
        settings.CSharpGeneratorSettings.JsonLibrary = NJsonSchema.CodeGeneration.CSharp.CSharpJsonLibrary.SystemTextJson;
        var code = new CSharpClientGenerator(document, settings).GenerateFile();

        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Select(path => MetadataReference.CreateFromFile(path));
        var compilation = CSharpCompilation.Create("EsragGeneratedClient", [CSharpSyntaxTree.ParseText(code)], references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        var errors = emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();
        errors.ShouldBeEmpty("the generated client does not compile:\n" + string.Join("\n", errors));
        return new GeneratedClient(Assembly.Load(image.ToArray()), code);
    }

    /// <summary>The generated client over <paramref name="http"/> (whose BaseAddress is the API).</summary>
    public dynamic Client(HttpClient http) => Activator.CreateInstance(Type(ClassName), http)!;

    /// <summary>A new instance of a generated model type, e.g. AskRequest.</summary>
    public dynamic New(string type) => Activator.CreateInstance(Type(type))!;

    private Type Type(string name) => _assembly.GetType($"{Namespace}.{name}")
        ?? throw new InvalidOperationException($"The generated client has no type {name}; it has {string.Join(", ", _assembly.GetTypes().Select(t => t.Name))}");
}
