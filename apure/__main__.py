from apure.cli import main

main()
