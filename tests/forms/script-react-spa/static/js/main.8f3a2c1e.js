(()=>{"use strict";var e={};/* minified bundle: renders <ContactForm/> into #root and posts JSON to /api/contact */})();
