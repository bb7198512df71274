from slens.cli import main

raise SystemExit(main())
