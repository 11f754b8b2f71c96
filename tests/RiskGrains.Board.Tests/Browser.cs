using Microsoft.Playwright;

namespace RiskGrains.Board.Tests;

/// <summary>Headless Chromium from the system (Debian's chromium package), driven by Playwright: no browser download.</summary>
internal sealed class Browser : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private Browser(IPlaywright playwright, IBrowser browser, IPage page)
    {
        _playwright = playwright;
        _browser = browser;
        Page = page;
    }

    public IPage Page { get; }

    /// <summary>The folder of this run's screenshots, under the test output.</summary>
    public static string Screenshots { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;

    public static async Task<Browser> OpenAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: install Debian's chromium package (./test.sh --deps does)");
        }

        var playwright = await Playwright.CreateAsync();
        // --no-sandbox: the tests may run as root, where Chromium's sandbox refuses to start.
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Headless = true, Args = ["--no-sandbox"] });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        return new Browser(playwright, browser, page);
    }

    /// <summary>A full-page screenshot in <see cref="Screenshots"/>; with RISKGRAINS_DOCS_IMAGES set to the repository's docs/images, also there.</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        var path = Path.Combine(Screenshots, name + ".png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        if (Environment.GetEnvironmentVariable("RISKGRAINS_DOCS_IMAGES") is { Length: > 0 } docs && Directory.Exists(docs))
        {
            File.Copy(path, Path.Combine(docs, "board-" + name + ".png"), overwrite: true);
        }

        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
