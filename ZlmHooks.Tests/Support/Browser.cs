using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace ZlmHooks.Tests.Support;

/// <summary>
/// Headless Chromium from Debian's packages (<c>chromium</c>, <c>chromium-driver</c>; ./test.sh installs
/// them), driven through ChromeDriver with Selenium. Nothing is downloaded: the browser and driver paths
/// are given, so Selenium Manager is not asked. The flags keep Chromium off the network it would
/// otherwise call at start (this machine refuses those connections), with a profile of its own.
/// </summary>
public sealed class Browser : IDisposable
{
    public const string Chromium = "/usr/bin/chromium";
    public const string Driver = "/usr/bin/chromedriver";

    private readonly string _profile = Directory.CreateTempSubdirectory("zlmhooks-chromium-").FullName;
    private readonly ChromeDriverService _service;

    public ChromeDriver Page { get; }

    public Browser(int width = 1280, int height = 900)
    {
        if (!File.Exists(Chromium) || !File.Exists(Driver))
            throw new InvalidOperationException($"the console tests need Debian's chromium and chromium-driver ({Chromium}, {Driver}): ./test.sh installs them (.ci/media-clients.sh)");
        var options = new ChromeOptions { BinaryLocation = Chromium };
        options.AddArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
            "--autoplay-policy=no-user-gesture-required", "--hide-scrollbars", $"--window-size={width},{height}", $"--user-data-dir={_profile}");
        _service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(Driver)!, Path.GetFileName(Driver));
        _service.SuppressInitialDiagnosticInformation = true;
        _service.HideCommandPromptWindow = true;
        Page = new ChromeDriver(_service, options, TimeSpan.FromSeconds(60));
        Page.Manage().Timeouts().PageLoad = TimeSpan.FromSeconds(30);
    }

    public void Open(Uri address) => Page.Navigate().GoToUrl(address);

    /// <summary>The first element that matches, once it is displayed (the page renders after its API calls).</summary>
    public IWebElement Wait(string css, int seconds = 15)
    {
        try
        {
            return Waiting(seconds).Until(d => d.FindElements(By.CssSelector(css)).FirstOrDefault(e => e.Displayed))!;
        }
        catch (WebDriverTimeoutException)
        {
            throw new Xunit.Sdk.XunitException($"timed out waiting for {css}; the page says: {Body()}");
        }
    }

    // A view is drawn anew after each change: an element found a moment ago may be gone, which is a
    // reason to look again, not a failure.
    private WebDriverWait Waiting(int seconds)
    {
        var wait = new WebDriverWait(Page, TimeSpan.FromSeconds(seconds)) { PollingInterval = TimeSpan.FromMilliseconds(100) };
        wait.IgnoreExceptionTypes(typeof(StaleElementReferenceException), typeof(NoSuchElementException));
        return wait;
    }

    public void WaitUntil(Func<bool> condition, string what, int seconds = 15)
    {
        try
        {
            Waiting(seconds).Until(_ => condition());
        }
        catch (WebDriverTimeoutException)
        {
            throw new Xunit.Sdk.XunitException($"timed out waiting for {what}; the page says: {Body()}");
        }
    }

    public IReadOnlyList<IWebElement> All(string css) => Page.FindElements(By.CssSelector(css));

    public bool Has(string css)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return Page.FindElements(By.CssSelector(css)).Any(e => e.Displayed);
            }
            catch (StaleElementReferenceException) when (attempt < 5)
            {
                // Redrawn between finding and asking: look again.
            }
        }
    }

    public string Body() => Page.FindElement(By.TagName("body")).Text;

    public void Type(string css, string text)
    {
        var input = Wait(css);
        input.Clear();
        input.SendKeys(text);
    }

    public void Choose(string css, string value) => Wait(css).FindElement(By.CssSelector($"option[value='{value}']")).Click();

    public void Click(string css) => Wait(css).Click();

    /// <summary>Signs in with <paramref name="key"/> and waits for the first view (or the error).</summary>
    public void SignIn(Uri app, string key)
    {
        Open(new Uri(app, "/console"));
        Type("#admin-key", key);
        Click("#sign-in");
    }

    /// <summary>A view by its hash route, waited for until its heading is there.</summary>
    public void Show(string route, string heading)
    {
        var target = new Uri(new Uri(Page.Url), "#/" + route);
        // The same hash again changes nothing in the page: reload it to draw the view anew.
        if (Page.Url == target.ToString()) Page.Navigate().Refresh(); else Page.Navigate().GoToUrl(target);
        WaitUntil(() => All("main h2").Any(h => h.Text == heading) && !Has("main[aria-busy]"), $"the {heading} view");
    }

    public object? Script(string script, params object[] args) => Page.ExecuteScript(script, args);

    /// <summary>axe-core's WCAG 2.1 A and AA rules on the page as it is now (axe-core pinned in
    /// package.json, injected from node_modules): each violation as "rule (impact): elements".</summary>
    public List<string> AccessibilityViolations()
    {
        var axe = Path.Combine(Repo.Root, "node_modules", "axe-core", "axe.min.js");
        if (!File.Exists(axe)) throw new InvalidOperationException($"{axe} is missing: run npm ci (./test.sh does)");
        Page.ExecuteScript(File.ReadAllText(axe));
        Page.Manage().Timeouts().AsynchronousJavaScript = TimeSpan.FromSeconds(30);
        const string run =
            "const done = arguments[arguments.length - 1];" +
            "axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })" +
            ".then(r => done(r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '))))" +
            ".catch(e => done(['axe failed: ' + e]));";
        var result = Page.ExecuteAsyncScript(run);
        return [.. ((System.Collections.IEnumerable)result!).Cast<object>().Select(o => o.ToString()!)];
    }

    /// <summary>A PNG of the whole page at <paramref name="width"/> CSS pixels: the viewport set to the
    /// page's height through DevTools (a window resize is asynchronous and clipped by the screen).</summary>
    public void Screenshot(string path, int width = 1280)
    {
        var metrics = new Dictionary<string, object?> { ["width"] = width, ["height"] = 900, ["deviceScaleFactor"] = 1, ["mobile"] = width < 600 };
        Page.ExecuteCdpCommand("Emulation.setDeviceMetricsOverride", metrics);
        var height = Convert.ToInt32(Script("return Math.ceil(document.documentElement.scrollHeight)"), System.Globalization.CultureInfo.InvariantCulture);
        metrics["height"] = Math.Min(Math.Max(height, 400), 4000);
        Page.ExecuteCdpCommand("Emulation.setDeviceMetricsOverride", metrics);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        Page.GetScreenshot().SaveAsFile(path);
        Page.ExecuteCdpCommand("Emulation.clearDeviceMetricsOverride", []);
    }

    public void Dispose()
    {
        try
        {
            Page.Quit();
        }
        finally
        {
            Page.Dispose();
            _service.Dispose();
            try { Directory.Delete(_profile, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
