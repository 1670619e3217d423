from sendsight.cli import main

main()
