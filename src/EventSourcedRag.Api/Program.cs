using EventSourcedRag.Api.Hosting;

// The content root is the folder the API was published to, not the working directory: the image starts it from
// /app with the binaries in /app/api, and appsettings.json must be read wherever it is started from.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddApplicationServices();

var app = builder.Build();
app.MapApplication();
app.Run();

/// <summary>Entry point, public so tests can host the API with WebApplicationFactory.</summary>
public partial class Program;
